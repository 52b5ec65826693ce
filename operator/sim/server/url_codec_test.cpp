#include "sim/server/url_codec.h"

#include <doctest/doctest.h>

using namespace gpupool::sim;

TEST_CASE("percent_decode handles escapes, plus and malformed input") {
  CHECK(percent_decode("a%20b%2Fc", false) == "a b/c");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("a+b", true) == "a b");
  CHECK(percent_decode("100%", true) == "100%");
  CHECK(percent_decode("%zz%4", true) == "%zz%4");
}

TEST_CASE("parse_query keeps repeats and decodes like Go") {
  auto q = parse_query("labelSelector=env+in+(a%2Cb)&watch=1&x&x=2&&=v");
  CHECK(q.find("labelSelector")->second == "env in (a,b)");
  CHECK(q.find("watch")->second == "1");
  CHECK(q.count("x") == 2);
  auto [b, e] = q.equal_range("x");
  CHECK(b->second == "");
  CHECK(std::next(b)->second == "2");
  CHECK(q.find("")->second == "v");
}
