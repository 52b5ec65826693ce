#pragma once
// IdentityClient: the one OCI Identity (20160918) call the provider needs,
// ListAvailabilityDomains, to place node pools whose spec names no zones.
// GET /20160918/availabilityDomains?compartmentId=<tenancy or compartment>
// answers a bare JSON array of {"compartmentId","id","name"}; pages, if the
// service ever sends them, follow opc-next-page like every OCI list.
// Requests go through a signing transport; non-2xx answers are mapped by
// oke/errors.cpp. Thread-safe; blocking.
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "http/transport.h"

namespace gpupool::cloud::oke {

class IdentityClient {
 public:
  // `path_prefix`: any path of the endpoint before "/20160918" ("" usually).
  IdentityClient(std::shared_ptr<http::Transport> transport, std::string path_prefix);

  // The AD names ("Uocm:US-ASHBURN-AD-1"), sorted: OCI says the list order
  // may change, and placements (subnet by index, retry token) must not.
  Result<std::vector<std::string>> list_availability_domains(const std::string& compartment_id);

 private:
  std::shared_ptr<http::Transport> transport_;
  std::string prefix_;
};

}  // namespace gpupool::cloud::oke
