#pragma once
// Twilio's side of a webhook, for tests: requests signed the way Twilio signs them (computed
// with OpenSSL directly, not with the code under test), form-encoded, and the TwiML read back.
#include <map>
#include <string>

namespace advieslijn::test {

// HMAC-SHA1 with `token` over the full URL followed by every POST parameter, sorted by name,
// each name directly followed by its value; base64.
std::string twilio_signature(const std::string& token, const std::string& url,
                             const std::map<std::string, std::string>& params);

// application/x-www-form-urlencoded, every byte but [A-Za-z0-9-_.~] percent-encoded.
std::string form_encode(const std::map<std::string, std::string>& params);

// The five XML entities back to their characters.
std::string unescape_xml(std::string s);

// The action URL of the first <Gather> (or `verb`) in a TwiML answer ("" when there is none).
std::string twiml_action(const std::string& twiml, const std::string& verb = "Gather");

}  // namespace advieslijn::test
