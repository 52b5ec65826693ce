#include "common/error.h"

namespace gpupool {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::Unavailable: return "Unavailable";
    case ErrorCode::RateLimited: return "RateLimited";
    case ErrorCode::Busy: return "Busy";
    case ErrorCode::Conflict: return "Conflict";
    case ErrorCode::ResourceExhausted: return "ResourceExhausted";
    case ErrorCode::InvalidArgument: return "InvalidArgument";
    case ErrorCode::FailedPrecondition: return "FailedPrecondition";
    case ErrorCode::NotFound: return "NotFound";
    case ErrorCode::AlreadyExists: return "AlreadyExists";
    case ErrorCode::Unauthenticated: return "Unauthenticated";
    case ErrorCode::PermissionDenied: return "PermissionDenied";
    case ErrorCode::Gone: return "Gone";
    case ErrorCode::Timeout: return "Timeout";
    case ErrorCode::Internal: return "Internal";
  }
  return "Unknown";
}

Error Error::with_context(std::string_view context) const {
  Error e = *this;
  e.message = std::string(context) + ": " + message;
  return e;
}

std::string Error::describe() const {
  return std::string(to_string(code)) + ": " + message;
}

}  // namespace gpupool
