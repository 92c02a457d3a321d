#include "gateway/errors.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>


namespace advieslijn::gateway {

Response json_error(http::status status, std::string_view code, std::string_view message,
                    unsigned version) {
    nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
    return json_response(status, json_text(body), version);
}

nlohmann::json refusal_body(const contact::ChatRefusal& r) {
    nlohmann::json body = {{"error", {{"code", r.code}, {"message", r.message}}}};
    if (r.urgent) body["urgent"] = routing::to_json(*r.urgent);
    if (r.reply) body["reply"] = routing::to_json(*r.reply);
    return body;
}

Response to_response(const contact::ChatRefusal& r) {
    Response res = json_response(static_cast<http::status>(r.status), json_text(refusal_body(r)));
    if (r.retry_after > 0) res.set(http::field::retry_after, std::to_string(r.retry_after));
    return res;
}

Response to_response(const callbacks::Error& e) {
    std::string message = e.message;
    if (!e.field.empty() && message.rfind(e.field, 0) != 0) message = e.field + ": " + message;
    return json_error(static_cast<http::status>(callbacks::http_status(e.code)),
                      callbacks::to_string(e.code), message);
}

Response to_response(const accounts::AuthError& e) {
    switch (e.code) {
        case accounts::AuthErrc::invalid_input:
            return json_error(http::status::bad_request, "invalid_input", e.message);
        case accounts::AuthErrc::exists: return json_error(http::status::conflict, "conflict", e.message);
        case accounts::AuthErrc::not_found: return json_error(http::status::not_found, "not_found", e.message);
        case accounts::AuthErrc::invalid_credentials:
            return json_error(http::status::unauthorized, "invalid_credentials", e.message);
        case accounts::AuthErrc::rate_limited: {
            Response r = json_error(http::status::too_many_requests, "rate_limited", e.message);
            r.set(http::field::retry_after,
                  std::to_string(std::max<long long>(1, e.retry_after.count())));
            return r;
        }
        case accounts::AuthErrc::unavailable:
            return json_error(http::status::service_unavailable, "unavailable",
                              "The account store is not reachable; try again shortly.");
    }
    return json_error(http::status::internal_server_error, "internal", "unexpected");
}

}  // namespace advieslijn::gateway
