// Tests for the layout of the --json documents (json.h).
#include "base/json.h"

#include <boost/test/unit_test.hpp>
#include <string>

BOOST_AUTO_TEST_SUITE(json)

BOOST_AUTO_TEST_CASE(layouts) {
  ift::Json doc = {{"file", "f"},
                   {"findings", {{{"line", 3}, {"ok", true}}, {{"line", 4}, {"ok", false}}}},
                   {"none", ift::Json::array()},
                   {"why", nullptr}};
  BOOST_TEST(ift::CompactJson(doc) ==
             R"({"file":"f","findings":[{"line":3,"ok":true},{"line":4,"ok":false}],)"
             R"("none":[],"why":null})");
  BOOST_TEST(ift::LaidOutJson(doc, 0) ==
             R"({"file": "f", "findings": [{"line": 3, "ok": true}, {"line": 4, "ok": false}], )"
             R"("none": [], "why": null})");
  BOOST_TEST(ift::LaidOutJson(doc, 2) ==
             "{\n"
             "  \"file\": \"f\",\n"
             "  \"findings\": [\n"
             "    {\"line\": 3, \"ok\": true},\n"
             "    {\"line\": 4, \"ok\": false}\n"
             "  ],\n"
             "  \"none\": [],\n"
             "  \"why\": null\n"
             "}");
}

// An interface or file name is bytes: the document stays valid UTF-8.
BOOST_AUTO_TEST_CASE(invalid_utf8_and_control_characters) {
  ift::Json doc = {{"iface", "e\xff\n\x01"}};
  BOOST_TEST(ift::CompactJson(doc) == "{\"iface\":\"e\xef\xbf\xbd\\n\\u0001\"}");
  BOOST_TEST(ift::LaidOutJson(doc, 1) == "{\n  \"iface\": \"e\xef\xbf\xbd\\n\\u0001\"\n}");
}

BOOST_AUTO_TEST_SUITE_END()
