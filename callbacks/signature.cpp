#include "callbacks/signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace advieslijn::callbacks {

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[mac[i] >> 4];
        out += hex[mac[i] & 0xf];
    }
    return out;
}

std::string sign_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body) {
    std::string data = std::to_string(timestamp);
    data += '.';
    data.append(body);
    return "sha256=" + hmac_sha256_hex(secret, data);
}

bool verify_webhook(std::string_view secret, std::int64_t timestamp, std::string_view body,
                    std::string_view signature) {
    const std::string expected = sign_webhook(secret, timestamp, body);
    return signature.size() == expected.size() &&
           CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

}  // namespace advieslijn::callbacks
