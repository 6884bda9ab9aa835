// Tests for the unified diff of `iftoken migrate --diff` (unified_diff.h).
#include "migrate/unified_diff.h"

#include <boost/test/unit_test.hpp>
#include <string>

BOOST_AUTO_TEST_SUITE(unified_diff)

BOOST_AUTO_TEST_CASE(equal_texts_no_diff) {
  BOOST_TEST(ift::UnifiedDiff("a\nb\n", "a\nb\n", "f", "g") == "");
  BOOST_TEST(ift::UnifiedDiff("", "", "f", "g") == "");
}

BOOST_AUTO_TEST_CASE(one_line_replaced_with_context) {
  std::string from = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string to = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  BOOST_TEST(ift::UnifiedDiff(from, to, "f", "f (migrated)") ==
             "--- f\n+++ f (migrated)\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

BOOST_AUTO_TEST_CASE(far_changes_two_hunks_near_ones_one) {
  std::string from, to_far, to_near;
  for (int i = 1; i <= 20; ++i) {
    from += std::to_string(i) + "\n";
    to_far += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
    to_near += (i == 2 || i == 8 ? "x" : std::to_string(i)) + "\n";
  }
  BOOST_TEST(ift::UnifiedDiff(from, to_far, "a", "b") ==
             "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
             "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n");
  BOOST_TEST(
      ift::UnifiedDiff(from, to_near, "a", "b") ==
      "--- a\n+++ b\n@@ -1,11 +1,11 @@\n 1\n-2\n+x\n 3\n 4\n 5\n 6\n 7\n-8\n+x\n 9\n 10\n 11\n");
}

BOOST_AUTO_TEST_CASE(insertions_and_deletions) {
  BOOST_TEST(ift::UnifiedDiff("a\nb\n", "a\nnew\nb\n", "f", "g") ==
             "--- f\n+++ g\n@@ -1,2 +1,3 @@\n a\n+new\n b\n");
  BOOST_TEST(ift::UnifiedDiff("a\nold\nb\n", "a\nb\n", "f", "g") ==
             "--- f\n+++ g\n@@ -1,3 +1,2 @@\n a\n-old\n b\n");
  BOOST_TEST(ift::UnifiedDiff("", "a\n", "f", "g") == "--- f\n+++ g\n@@ -0,0 +1 @@\n+a\n");
  BOOST_TEST(ift::UnifiedDiff("a\n", "", "f", "g") == "--- f\n+++ g\n@@ -1 +0,0 @@\n-a\n");
}

BOOST_AUTO_TEST_CASE(missing_final_newline_said) {
  BOOST_TEST(ift::UnifiedDiff("a\nb", "a\nb\n", "f", "g") ==
             "--- f\n+++ g\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

BOOST_AUTO_TEST_SUITE_END()
