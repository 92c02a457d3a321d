#include "gateway/errors.hpp"

namespace advieslijn::gateway {

Response error_response(const callbacks::Error& e) {
    return json_error(static_cast<http::status>(callbacks::http_status(e.code)),
                      callbacks::to_string(e.code), e.message);
}

}  // namespace advieslijn::gateway
