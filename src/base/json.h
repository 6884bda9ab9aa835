// The documents of iftoken's --json options, built with nlohmann-json: keys
// stay in the order they are set, and bytes that are not valid UTF-8 (an
// interface name, a file name) become U+FFFD instead of an exception.
#ifndef IFTOKEN_BASE_JSON_H_
#define IFTOKEN_BASE_JSON_H_

#include <nlohmann/json.hpp>
#include <string>

namespace ift {

using Json = nlohmann::ordered_json;

// One line, no spaces: {"a":1,"b":[1,2]}. For a document a line (monitor).
std::string CompactJson(const Json& doc);

// The first `levels` levels one member a line, indented by two spaces, and
// what is deeper on one line, spaced: {"a": 1, "b": [1, 2]}. With levels 0,
// the whole document on one line.
std::string LaidOutJson(const Json& doc, int levels);

}  // namespace ift

#endif  // IFTOKEN_BASE_JSON_H_
