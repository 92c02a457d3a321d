#include "routing/twilio_signature.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <map>
#include <memory>
#include <stdexcept>

#include "common/encoding.hpp"

namespace advieslijn::routing {
namespace {

struct MacCtxFree {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

// HMAC-SHA1 keyed with `key`, ready for EVP_MAC_update. OpenSSL 3's one-shot HMAC() fetches
// the algorithms by name and derives the key pads on every call, a few microseconds that
// showed as 6 % of a voice step in `perf`; here each I/O thread keeps one context per auth
// token (one per tenant) and only resets it (EVP_MAC_init with no key keeps the key).
EVP_MAC_CTX* hmac_sha1_for(std::string_view key) {
    static EVP_MAC* const hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (!hmac) throw std::runtime_error("OpenSSL has no HMAC");
    thread_local std::map<std::string, MacCtx, std::less<>> contexts;
    if (const auto it = contexts.find(key); it != contexts.end()) {
        if (EVP_MAC_init(it->second.get(), nullptr, 0, nullptr) != 1)
            throw std::runtime_error("HMAC reset failed");
        return it->second.get();
    }
    MacCtx ctx(EVP_MAC_CTX_new(hmac));
    char digest[] = "SHA1";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()),
                             key.size(), params) != 1)
        throw std::runtime_error("HMAC-SHA1 setup failed");
    return contexts.emplace(std::string(key), std::move(ctx)).first->second.get();
}

std::optional<std::string> form_decode(std::string_view in) {
    std::string out;
    if (!url_decode(in, out)) return std::nullopt;
    return out;
}

}  // namespace

std::optional<FormParams> parse_form(std::string_view body) {
    FormParams params;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const auto pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto name = form_decode(pair.substr(0, eq));
        auto value =
            form_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        params.emplace(std::move(*name), std::move(*value));
    }
    return params;
}

std::string form_value(const FormParams& params, std::string_view name) {
    const auto it = params.find(std::string(name));
    return it == params.end() ? std::string{} : it->second;
}

std::string twilio_signature(std::string_view auth_token, std::string_view url,
                             const FormParams& params) {
    std::string data(url);
    for (const auto& [name, value] : params) {
        data += name;
        data += value;
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    std::size_t mac_len = 0;
    EVP_MAC_CTX* ctx = hmac_sha1_for(auth_token);
    if (EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
        EVP_MAC_final(ctx, mac.data(), &mac_len, mac.size()) != 1)
        throw std::runtime_error("HMAC-SHA1 failed");
    std::string b64(4 * ((mac_len + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), mac.data(),
                                  static_cast<int>(mac_len));
    b64.resize(static_cast<std::size_t>(n));
    return b64;
}

bool verify_twilio_signature(std::string_view auth_token, std::string_view url,
                             const FormParams& params, std::string_view signature) {
    if (auth_token.empty() || signature.empty()) return false;
    const auto expected = twilio_signature(auth_token, url, params);
    // Length is not secret (always 28 for SHA-1); only the content comparison must not leak.
    if (expected.size() != signature.size()) return false;
    return CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

}  // namespace advieslijn::routing
