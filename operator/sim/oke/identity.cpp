// ListAvailabilityDomains of the OCI Identity API (20160918), as the real
// service answers it: GET /20160918/availabilityDomains?compartmentId=<OCID>
// -> 200 with a bare JSON array of {"compartmentId","id","name"} (the
// compartmentId in each item is the tenancy). compartmentId is required
// (400 MissingParameter); it may be the tenancy (root compartment) or one of
// its compartments, anything else is 404 NotAuthorizedOrNotFound. The list
// is one page (a region has at most three ADs), so no opc-next-page.
#include "sim/oke/oci_error.h"
#include "sim/oke/sim_impl.h"

namespace gpupool::sim::oke {

HttpResponse OkeSim::Impl::list_availability_domains(const HttpRequest& req, const std::string& tenancy) const {
  auto compartment = req.param("compartmentId");
  if (!compartment || compartment->empty())
    return oci_error(400, "MissingParameter", "Missing required parameter: compartmentId");
  if (*compartment != tenancy && *compartment != opts.compartment_id)
    return not_found("compartment " + *compartment);
  json out = json::array();
  for (const auto& name : opts.availability_domains)
    // A stable OCID per tenancy and AD, as the real service keeps them.
    out.push_back({{"compartmentId", tenancy},
                   {"id", "ocid1.availabilitydomain.oc1.." + sha256_hex(tenancy + "/" + name).substr(0, 60)},
                   {"name", name}});
  auto r = HttpResponse::json(200, out.dump());
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"opc-request-id", request_id()}};
  return r;
}

}  // namespace gpupool::sim::oke
