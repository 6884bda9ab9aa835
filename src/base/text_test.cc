// Tests for the text helpers (text.h).
#include "base/text.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {
using Strings = std::vector<std::string>;
}  // namespace

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(words) {
  BOOST_TEST(ift::Words(" a\tb\v c\r\n") == (Strings{"a", "b", "c"}),
             boost::test_tools::per_element());
  BOOST_TEST(ift::Words("").empty());
  BOOST_TEST(ift::Words(" \f ").empty());
  // sh(1) splits on space, tab and newline only.
  BOOST_TEST(ift::Words("ip\vlink set", ift::kShellBlanks) == (Strings{"ip\vlink", "set"}),
             boost::test_tools::per_element());
  // strtok(3)-like fields: empty ones skipped.
  BOOST_TEST(ift::Words("//2001:db8::1//64/", "/") == (Strings{"2001:db8::1", "64"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shown_values) {
  using ift::Shown;
  BOOST_TEST(Shown("2620:0:861::/48") == "2620:0:861::/48");
  BOOST_TEST(Shown("\xc3\xa9") == "\xc3\xa9");
  BOOST_TEST(Shown("") == "\"\"");
  BOOST_TEST(Shown("a b") == "\"a b\"");
  BOOST_TEST(Shown("a\"b") == "\"a\\\"b\"");
}

// What is not plain is quoted with JSON's escapes.
BOOST_AUTO_TEST_CASE(shown_escapes) {
  using ift::Shown;
  BOOST_TEST(Shown("a\"b\\c") == "\"a\\\"b\\\\c\"");
  BOOST_TEST(Shown("\n\t\r\x01\x1f\x7f") == "\"\\n\\t\\r\\u0001\\u001f\\u007f\"");
  BOOST_TEST(Shown(std::string_view("a\0b", 3)) == "\"a\\u0000b\"");
  // Valid UTF-8 passes through: 2-, 3- and 4-byte sequences.
  BOOST_TEST(Shown("\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80") ==
             "\"\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80\"");
  // Invalid UTF-8 never reaches the output: stray, truncated, overlong,
  // surrogate and out-of-range sequences each become U+FFFD per byte.
  BOOST_TEST(Shown("\xff") == "\"\\ufffd\"");
  BOOST_TEST(Shown("\x80x") == "\"\\ufffdx\"");
  BOOST_TEST(Shown("\xc3") == "\"\\ufffd\"");
  BOOST_TEST(Shown("\xc0\xaf") == "\"\\ufffd\\ufffd\"");
  BOOST_TEST(Shown("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");
  BOOST_TEST(Shown("\xf4\x90\x80\x80") == "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

BOOST_AUTO_TEST_CASE(dir_name_is_posix_dirname) {
  BOOST_TEST(ift::DirName("/etc/network/interfaces") == "/etc/network");
  BOOST_TEST(ift::DirName("/etc/network//interfaces.d/") == "/etc/network");
  BOOST_TEST(ift::DirName("/interfaces") == "/");
  BOOST_TEST(ift::DirName("interfaces") == ".");
  BOOST_TEST(ift::DirName("/") == "/");
}

BOOST_AUTO_TEST_SUITE_END()
