// Fuzz target: the state file /run/ifupdown-token/IFACE. Any text goes to
// Record::Parse; a record it accepts must survive Serialize and Parse
// unchanged, or down would undo something else than what ifup recorded; one it
// refuses is described in one line.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "pipeline/record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string why;
  ift::Record partial;
  std::optional<ift::Record> r = ift::Record::Parse(text, &why, &partial);
  if (!r) {
    // A damaged record: what the hook prints about it must be one line.
    std::string said = why + "; not undone: " + partial.Summary();
    if (said.find('\n') != std::string::npos) {
      fprintf(stderr, "record_fuzz: a message about a damaged record spans lines: %s\n", said.c_str());
      abort();
    }
    return 0;
  }
  std::string once = r->Serialize();
  std::optional<ift::Record> again = ift::Record::Parse(once);
  if (!again) {
    fprintf(stderr, "record_fuzz: Parse refuses its own Serialize:\n%s", once.c_str());
    abort();
  }
  std::string twice = again->Serialize();
  if (twice != once) {
    fprintf(stderr, "record_fuzz: not a round trip:\n%s---\n%s", once.c_str(), twice.c_str());
    abort();
  }
  return 0;
}
