#pragma once
// Twilio's request signature (X-Twilio-Signature) and its form-encoded webhook bodies.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace advieslijn::routing {

// Form parameters sorted by name, as the signature needs them; a name may repeat.
using FormParams = std::multimap<std::string, std::string>;

// Parses an application/x-www-form-urlencoded body ('+' is a space). Returns nullopt for a
// malformed percent escape, so a mangled body is refused rather than half-read.
std::optional<FormParams> parse_form(std::string_view body);

// First value of `name`, or empty.
std::string form_value(const FormParams& params, std::string_view name);

// base64(HMAC-SHA1(auth_token, url + name1 + value1 + name2 + value2 …)) over the params in
// name order (repeated names keep their order of arrival, as Twilio's validators do).
std::string twilio_signature(std::string_view auth_token, std::string_view url,
                             const FormParams& params);

// Compares in constant time, so response timing does not reveal how much of a forged
// signature was right. An empty token or signature never verifies.
bool verify_twilio_signature(std::string_view auth_token, std::string_view url,
                             const FormParams& params, std::string_view signature);

}  // namespace advieslijn::routing
