// Tests for the atomic replacement of `iftoken migrate --in-place` (in_place.h).
#include "migrate/in_place.h"

#include <glob.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string Read(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

std::string TempDir() {
  char dir[] = "/tmp/iftoken-in-place-test-XXXXXX";
  return mkdtemp(dir);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migrate_in_place)

BOOST_AUTO_TEST_CASE(backup_then_new_text_same_mode) {
  std::string dir = TempDir(), path = dir + "/interfaces";
  std::ofstream(path) << "old\n";
  chmod(path.c_str(), 0640);
  BOOST_TEST(ift::ReplaceFile(path, "old\n", "new\n", ".bak") == "");
  BOOST_TEST(Read(path) == "new\n");
  BOOST_TEST(Read(dir + "/.interfaces.bak") == "old\n");
  struct stat st, bak;
  BOOST_TEST(stat(path.c_str(), &st) == 0);
  BOOST_TEST(stat((dir + "/.interfaces.bak").c_str(), &bak) == 0);
  BOOST_TEST((st.st_mode & 07777) == 0640u);
  BOOST_TEST((bak.st_mode & 07777) == 0640u);
  BOOST_TEST(ift::ReplaceFile(path, "new\n", "newer\n", ".orig") == "");
  BOOST_TEST(Read(dir + "/.interfaces.orig") == "new\n");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(symlink_refused_and_untouched) {
  std::string dir = TempDir(), target = dir + "/real", link = dir + "/interfaces";
  std::ofstream(target) << "old\n";
  BOOST_TEST(symlink(target.c_str(), link.c_str()) == 0);
  std::string why = ift::ReplaceFile(link, "old\n", "new\n", ".bak");
  BOOST_TEST(why ==
             link + " is a symbolic link: give the file it points to (a link is not replaced)");
  BOOST_TEST(Read(target) == "old\n");
  BOOST_TEST(access((dir + "/.interfaces.bak").c_str(), F_OK) != 0);
  std::filesystem::remove_all(dir);
}

// A file in interfaces.d/: Debian's `source /etc/network/interfaces.d/*`
// (glob(3)) finds the new file only, never its backup with the old stanzas.
BOOST_AUTO_TEST_CASE(backup_is_not_sourced_again) {
  std::string dir = TempDir(), path = dir + "/eno1";
  std::ofstream(path) << "old\n";
  BOOST_TEST(ift::ReplaceFile(path, "old\n", "new\n", ".bak") == "");
  glob_t g;
  BOOST_TEST_REQUIRE(glob((dir + "/*").c_str(), 0, nullptr, &g) == 0);
  std::vector<std::string> found(g.gl_pathv, g.gl_pathv + g.gl_pathc);
  globfree(&g);
  BOOST_TEST(found == std::vector<std::string>{path}, boost::test_tools::per_element());
  BOOST_TEST(ift::BackupPath("eno1", ".bak") == "./.eno1.bak");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(missing_file_said) {
  BOOST_TEST(ift::ReplaceFile("/nonexistent/interfaces", "", "x", ".bak") ==
             "/nonexistent/interfaces: No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()
