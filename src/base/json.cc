// The layout of iftoken's JSON documents; nlohmann-json writes every value.
#include "base/json.h"

namespace ift {
namespace {

std::string Scalar(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

void Write(const Json& v, int levels, const std::string& indent, std::string& out) {
  if (!v.is_structured() || v.empty()) return void(out += Scalar(v));
  bool object = v.is_object();
  std::string inner = indent + "  ";
  out += object ? '{' : '[';
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    out += first ? "" : levels > 0 ? "," : ", ";
    if (levels > 0) out += "\n" + inner;
    if (object) out += Scalar(it.key()) + ": ";
    Write(*it, levels - 1, inner, out);
    first = false;
  }
  if (levels > 0) out += "\n" + indent;
  out += object ? '}' : ']';
}

}  // namespace

std::string CompactJson(const Json& doc) { return Scalar(doc); }

std::string LaidOutJson(const Json& doc, int levels) {
  std::string out;
  Write(doc, levels, "", out);
  return out;
}

}  // namespace ift
