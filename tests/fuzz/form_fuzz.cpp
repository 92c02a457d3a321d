// Fuzzes what a Twilio webhook's body goes through before anything trusts it: form decoding
// (routing/twilio_signature.hpp, common/encoding.hpp) and the signature check, with arbitrary
// bytes as body, URL and signature. Nothing crashes; a forged signature never verifies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/encoding.hpp"
#include "routing/twilio_signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    // body \n url \n signature
    const auto a = all.find('\n');
    const std::string_view body = all.substr(0, a);
    const std::string_view rest = a == std::string_view::npos ? std::string_view() : all.substr(a + 1);
    const auto b = rest.find('\n');
    const std::string_view url = rest.substr(0, b);
    const std::string_view signature = b == std::string_view::npos ? std::string_view() : rest.substr(b + 1);

    std::string decoded;
    (void)advieslijn::url_decode(body, decoded);
    const auto params = advieslijn::routing::parse_form(body);
    if (!params) return 0;
    (void)advieslijn::routing::form_value(*params, "Body");
    const std::string token = "fuzz-token";
    const std::string good = advieslijn::routing::twilio_signature(token, url, *params);
    if (!advieslijn::routing::verify_twilio_signature(token, url, *params, good)) __builtin_trap();
    if (signature != good && advieslijn::routing::verify_twilio_signature(token, url, *params, signature))
        __builtin_trap();
    return 0;
}
