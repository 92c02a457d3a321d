#pragma once
// The one error shape the gateway sends, {"error":{"code":…,"message":…}}, and the mappers
// from the libraries' errors onto it. Handlers answer every error through these.
#include <nlohmann/json.hpp>
#include <string_view>

#include "accounts/error.hpp"
#include "callbacks/result.hpp"
#include "contact/chat.hpp"
#include "gateway/http.hpp"

namespace advieslijn::gateway {

// {"error":{"code":…,"message":…}} with the given status; the only error shape we send.
Response json_error(http::status status, std::string_view code, std::string_view message,
                    unsigned version = 11);

// A callbacks::Service error with the status its code stands for; a message that does not
// start with the offending field gets it as a prefix ("note: …").
Response to_response(const callbacks::Error& e);
// An account or session error; 429 carries Retry-After, 503 tells nothing about Redis.
Response to_response(const accounts::AuthError& e);
// A refusal of the contact layer (chat or callback form): the error, with the emergency
// guidance (`urgent`) and the knowledge base's `reply` when it carries them. The body alone
// is for the chat's WebSocket, which sends the status inside it.
nlohmann::json refusal_body(const contact::ChatRefusal& r);
// The same as an HTTP answer; a 429 carries Retry-After.
Response to_response(const contact::ChatRefusal& r);

}  // namespace advieslijn::gateway
