// Tests for the table of ifupdown's families, methods and options (methods.h).
#include "ifupdown/methods.h"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(methods)

BOOST_AUTO_TEST_CASE(families_and_methods) {
  BOOST_TEST(ift::IsFamily("inet6"));
  BOOST_TEST(!ift::IsFamily("inet4"));
  BOOST_TEST(ift::FamilyNames() == "inet, inet6, ipx, can, meta");
  BOOST_TEST(ift::IsMethod("inet6", "6to4"));
  BOOST_TEST(ift::IsMethod("meta", "none"));
  BOOST_TEST(!ift::IsMethod("inet6", "ppp"));
  BOOST_TEST(!ift::IsMethod("inet", "auto"));
}

BOOST_AUTO_TEST_CASE(method_options) {
  BOOST_TEST(ift::MethodTakes("inet6", "static", "netmask"));
  BOOST_TEST(!ift::MethodTakes("inet6", "static", "endpoint"));
  BOOST_TEST(!ift::MethodTakes("inet6", "manual", "address"));
  BOOST_TEST(ift::MethodTakes("inet", "static", "broadcast"));
  BOOST_TEST(ift::MethodsTaking("endpoint") == "inet tunnel, inet6 tunnel and inet6 v4tunnel");
  BOOST_TEST(ift::MethodsTaking("encaplimit") == "inet6 tunnel");
  BOOST_TEST(ift::MethodsTaking("token") == "");
  BOOST_TEST(ift::EveryStanzaTakes("post-up"));
  BOOST_TEST(ift::EveryStanzaTakes("description"));
  BOOST_TEST(!ift::EveryStanzaTakes("gateway"));
}

BOOST_AUTO_TEST_CASE(commands) {
  for (const char* c : {"pre-up", "up", "down", "post-down"}) BOOST_TEST(ift::IsCommand(c));
  BOOST_TEST(!ift::IsCommand("post-up"));  // MergedOptions makes it `up`
  BOOST_TEST(!ift::IsCommand("pre-down"));
}

BOOST_AUTO_TEST_SUITE_END()
