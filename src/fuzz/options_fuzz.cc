// Fuzz target: the hook's environment. The input is a list of NAME=VALUE
// entries separated by NUL bytes (a value may hold newlines, as ifupdown's
// joined repeated options do); an entry without '=' is skipped. The variables
// go through NotForUs, RunnerOf and ParseOptions exactly as the hook reads its
// own environment (ParseOptions only when NotForUs lets it through, as in
// hook.cc). Seeds: tests/fuzz/corpus/options_fuzz/, names: options.dict.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "pipeline/options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> vars;
  while (!in.empty()) {
    size_t end = in.find('\0');
    std::string_view entry = in.substr(0, end);
    in = end == std::string_view::npos ? std::string_view() : in.substr(end + 1);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    vars[std::string(entry.substr(0, eq))] = std::string(entry.substr(eq + 1));
  }
  ift::Env env = ift::MapEnv(vars);
  (void)ift::RunnerName(ift::RunnerOf(env));
  (void)ift::Verbose(env);
  // As the hook (and check's simulation) do: ParseOptions reads a stanza
  // that opted in, and assumes IF_TOKEN is set.
  if (ift::NotForUs(env)) return 0;
  ift::ParsedOptions p = ift::ParseOptions(env);
  if (p.ok()) (void)p.options.DadTimeoutMs();
  return 0;
}
