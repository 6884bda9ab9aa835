#include "pipeline/hook_options.h"

#include <boost/test/unit_test.hpp>

namespace ift {
namespace {

Stanza Of(const char* family, const char* method, std::vector<Option> options) {
  Stanza s{"eno1", family, method, "f", 1, "", {}};
  s.options = std::move(options);
  return s;
}

BOOST_AUTO_TEST_SUITE(hook_options)

BOOST_AUTO_TEST_CASE(a_stanza_is_read_as_the_hooks_read_it) {
  HookOptionsOf h = HookOptions(Of("inet6", "manual", {{"token", "::5", "f", 2},
                                                       {"accept_ra", "2", "f", 3}}));
  BOOST_TEST(h.ours);
  BOOST_TEST_REQUIRE(h.parsed.ok());
  BOOST_TEST(h.parsed.options.iface == "eno1");
  BOOST_TEST((h.parsed.options.token == In6::Parse("::5")));
  BOOST_TEST((h.parsed.options.accept_ra == 2));
}

BOOST_AUTO_TEST_CASE(a_stanza_without_token_is_not_ours) {
  BOOST_TEST(!HookOptions(Of("inet6", "manual", {{"mtu", "1500", "f", 2}})).ours);
}

BOOST_AUTO_TEST_CASE(extra_variables_replace_the_stanzas) {
  Stanza s = Of("inet6", "static", {{"address", "2001:db8::2:5/64", "f", 2}, {"token", "::7", "f", 3}});
  HookOptionsOf h = HookOptions(s, {{"IF_TOKEN", "auto"}});
  BOOST_TEST_REQUIRE(h.parsed.ok());
  BOOST_TEST((h.parsed.options.token == In6::Parse("::2:5")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ift
