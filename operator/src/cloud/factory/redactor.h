#pragma once
// Redactor: scrubs secret material out of error messages before they reach a
// status condition, an Event or a log line. It knows the Secret's values
// (whole, line by line, and the string fields of JSON key files) and replaces
// any run of >= kMinFragment characters copied from one of them with
// "[redacted]", so even a parser's "last read: '...'" excerpt is caught.
// RedactingProvider applies it to every error a provider returns.
// Thread-safe after construction (immutable).
#include <memory>
#include <string>
#include <vector>

#include "cloud/factory/provider_builder.h"
#include "cloud/provider.h"

namespace gpupool::cloud {

class Redactor {
 public:
  static constexpr std::size_t kMinFragment = 8;
  // Secret keys whose values are identifiers, not secrets (kept readable).
  static bool is_identifier_key(const std::string& key);

  explicit Redactor(const SecretData& data);
  std::string apply(std::string_view message) const;
  Error apply(Error e) const;

 private:
  void add(const std::string& value);
  std::size_t match_length(std::string_view message, std::size_t at) const;

  std::vector<std::string> sensitive_;
};

class RedactingProvider final : public NodePoolProvider {
 public:
  RedactingProvider(std::shared_ptr<NodePoolProvider> inner, std::shared_ptr<const Redactor> redactor)
      : inner_(std::move(inner)), redactor_(std::move(redactor)) {}

  std::string_view provider() const override { return inner_->provider(); }
  Result<std::vector<NodePool>> list() override;
  Result<NodePool> get(const std::string& id) override;
  Result<Operation> create(const NodePoolSpec& spec) override;
  Result<Operation> resize(const NodePool& pool, int nodes) override;
  Result<Operation> set_autoscaling(const NodePool& pool, bool enabled, int min_nodes, int max_nodes) override;
  Result<Operation> remove(const NodePool& pool) override;
  Result<OperationStatus> poll(const Operation& op) override;

 private:
  template <typename T>
  Result<T> scrub(Result<T> r) const;

  std::shared_ptr<NodePoolProvider> inner_;
  std::shared_ptr<const Redactor> redactor_;
};

}  // namespace gpupool::cloud
