// The one Boost.Test module: every src/*_test.cc registers its suites here.
#define BOOST_TEST_MODULE ifupdown_token
#include <boost/test/unit_test.hpp>
