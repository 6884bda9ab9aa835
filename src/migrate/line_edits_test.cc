// Tests for the byte-keeping line edits of `iftoken migrate` (line_edits.h).
#include "migrate/line_edits.h"

#include <boost/test/unit_test.hpp>
#include <string>

BOOST_AUTO_TEST_SUITE(migrate_line_edits)

BOOST_AUTO_TEST_CASE(untouched_text_comes_back_byte_for_byte) {
  for (std::string text : {"", "a\n", "a", "a\r\n\tb \\\n c\n\n# x", "\n\n"})
    BOOST_TEST(ift::LineEdits(text).Apply() == text);
}

BOOST_AUTO_TEST_CASE(continued_line_replaced_as_one) {
  ift::LineEdits e("a\n  up one \\\n    two \\  \n    three\nb\n");
  BOOST_TEST(e.LastOf(2) == 4);
  BOOST_TEST(e.LastOf(1) == 1);
  BOOST_TEST(e.IndentOf(2) == "  ");
  e.Replace(2, {"  x", "  y"});
  BOOST_TEST(e.Replaced(2));
  BOOST_TEST(e.Apply() == "a\n  x\n  y\nb\n");
}

BOOST_AUTO_TEST_CASE(insertions_after_a_line_or_its_replacement) {
  ift::LineEdits e("iface\n  pre-up x\n  up y");
  e.InsertAfter(1, "  first");
  e.InsertAfter(1, "  second");
  e.Replace(2, {"  token ::1"});
  e.InsertAfter(2, "  token-wait 10");
  e.Replace(3, {});
  BOOST_TEST(e.Apply() == "iface\n  first\n  second\n  token ::1\n  token-wait 10\n");
}

BOOST_AUTO_TEST_SUITE_END()
