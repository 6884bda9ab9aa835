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
  BOOST_TEST(ift::Words(" a\tb\v c\r\n") == (Strings{"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(ift::Words("").empty());
  BOOST_TEST(ift::Words(" \f ").empty());
  // sh(1) splits on space, tab and newline only.
  BOOST_TEST(ift::Words("ip\vlink set", ift::kShellBlanks) == (Strings{"ip\vlink", "set"}),
             boost::test_tools::per_element());
  // strtok(3)-like fields: empty ones skipped.
  BOOST_TEST(ift::Words("//2001:db8::1//64/", "/") == (Strings{"2001:db8::1", "64"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
