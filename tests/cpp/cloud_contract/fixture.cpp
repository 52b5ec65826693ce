#include "cloud_contract/fixture.h"

namespace gpupool::contract {

namespace {
std::vector<std::pair<std::string, FixtureFactory>>& registry() {
  static std::vector<std::pair<std::string, FixtureFactory>> r;
  return r;
}
}  // namespace

bool register_fixture(const std::string& name, FixtureFactory factory) {
  registry().emplace_back(name, std::move(factory));
  return true;
}

const std::vector<std::pair<std::string, FixtureFactory>>& fixtures() { return registry(); }

}  // namespace gpupool::contract
