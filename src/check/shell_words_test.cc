// Tests for sh(1) word splitting (shell_words.h).
#include "check/shell_words.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

using Strings = std::vector<std::string>;

// Each word as "text", an operator as <op>, an unresolved expansion as "text"*.
Strings Shown(const std::string& command, const std::string& iface = "eno1") {
  Strings out;
  for (const ift::ShellWord& w : ift::ShellWords(command, iface))
    out.push_back(w.op ? "<" + w.text + ">" : w.text + (w.expanded ? "*" : ""));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shell_words)

BOOST_AUTO_TEST_CASE(quotes) {
  BOOST_TEST(Shown("a 'b c' \"d e\" f\\ g ''") == (Strings{"a", "b c", "d e", "f g", ""}),
             boost::test_tools::per_element());
  BOOST_TEST(Shown("x'y'\"z\"") == (Strings{"xyz"}), boost::test_tools::per_element());
  BOOST_TEST(Shown(R"("a \"b\" \$c \x")") == (Strings{R"(a "b" $c \x)"}),
             boost::test_tools::per_element());
  BOOST_TEST(Shown("'unterminated here") == (Strings{"unterminated here"}),
             boost::test_tools::per_element());
  BOOST_TEST(Shown("a # comment; b") == (Strings{"a"}), boost::test_tools::per_element());
  BOOST_TEST(Shown("a#b") == (Strings{"a#b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(iface_and_other_expansions) {
  BOOST_TEST(Shown("$IFACE ${IFACE} \"x.$IFACE.y\" '$IFACE'", "eno1.100") ==
                 (Strings{"eno1.100", "eno1.100", "x.eno1.100.y", "$IFACE"}),
             boost::test_tools::per_element());
  BOOST_TEST(Shown("$IFACES $X ${Y:-1} $(cat f) `cat g` $1 $ a") ==
                 (Strings{"$IFACES*", "$X*", "${Y:-1}*", "$(cat f)*", "`cat g`*", "$1*", "$", "a"}),
             boost::test_tools::per_element());
  BOOST_TEST(Shown("$(echo (a) b)c") == (Strings{"$(echo (a) b)c*"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(operators) {
  BOOST_TEST(Shown("a;b&&c||d|e&f\ng") == (Strings{"a", "<;>", "b", "<&&>", "c", "<||>", "d", "<|>",
                                                   "e", "<&>", "f", "<;>", "g"}),
             boost::test_tools::per_element());
  BOOST_TEST(Shown("echo 1 >/f 2>/dev/null >>g 2>&1 \"2\">h <i") ==
                 (Strings{"echo", "1", "<>>", "/f", "<2>>", "/dev/null", "<>>>", "g", "<2>&>", "1",
                          "2", "<>>", "h", "<<>", "i"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
