#include "tests/support/twilio.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdio>
#include <regex>

namespace advieslijn::test {
namespace {

std::string base64(const unsigned char* data, unsigned int len) {
    std::string out(4 * ((len + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string percent_encode(const std::string& s) {
    std::string r;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            r += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            r += buf;
        }
    }
    return r;
}

}  // namespace

std::string twilio_signature(const std::string& token, const std::string& url,
                             const std::map<std::string, std::string>& params) {
    std::string data = url;
    for (const auto& [k, v] : params) data += k + v;  // std::map is sorted by name
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha1(), token.data(), static_cast<int>(token.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
    return base64(mac, len);
}

std::string form_encode(const std::map<std::string, std::string>& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        if (!out.empty()) out += '&';
        out += percent_encode(k) + "=" + percent_encode(v);
    }
    return out;
}

std::string unescape_xml(std::string s) {
    for (auto [from, to] : {std::pair{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                            {"&apos;", "'"}}) {
        std::string::size_type pos;
        while ((pos = s.find(from)) != std::string::npos) s.replace(pos, std::string(from).size(), to);
    }
    return s;
}

std::string twiml_action(const std::string& twiml, const std::string& verb) {
    std::smatch m;
    if (std::regex_search(twiml, m, std::regex("<" + verb + "[^>]*action=\"([^\"]*)\"")))
        return unescape_xml(m[1]);
    return {};
}

}  // namespace advieslijn::test
