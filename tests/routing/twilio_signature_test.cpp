#include "routing/twilio_signature.hpp"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <array>

using namespace advieslijn::routing;

namespace {

// The example in Twilio's request-validation documentation (token 12345).
const char* const doc_url = "https://mycompany.com/myapp.php?foo=1&bar=2";
FormParams doc_params(const std::string& caller = "+12349013030") {
    return {{"CallSid", "CA1234567890ABCDE"},
            {"Caller", caller},
            {"Digits", "1234"},
            {"From", caller},
            {"To", "+18005551212"}};
}

// An HMAC computed through OpenSSL's EVP_MAC interface over a hand-written data string, so
// the expected value does not come from the code under test (which uses HMAC()).
std::string independent_signature(const std::string& key, const std::string& data) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
    char digest[] = "SHA1";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params);
    EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    std::array<unsigned char, 64> out{};
    size_t len = 0;
    EVP_MAC_final(ctx, out.data(), &len, out.size());
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
    std::array<unsigned char, 64> b64{};
    const int n = EVP_EncodeBlock(b64.data(), out.data(), static_cast<int>(len));
    return std::string(reinterpret_cast<char*>(b64.data()), static_cast<std::size_t>(n));
}

}  // namespace

TEST(TwilioSignature, PublishedDocumentationExample) {
    // Value printed in Twilio's security documentation; also `openssl dgst -sha1 -hmac 12345`.
    EXPECT_EQ(twilio_signature("12345", doc_url, doc_params()), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    EXPECT_TRUE(
        verify_twilio_signature("12345", doc_url, doc_params(), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
}

TEST(TwilioSignature, OlderPublishedExampleFromTheHelperLibraryDocs) {
    // twilio-php's validation docs used Caller/From +14158675309 with the same token and URL.
    EXPECT_EQ(twilio_signature("12345", doc_url, doc_params("+14158675309")),
              "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

TEST(TwilioSignature, MatchesAnIndependentHmacOverTheDocumentedString) {
    const std::string data = std::string(doc_url) +
                             "CallSidCA1234567890ABCDECaller+12349013030Digits1234"
                             "From+12349013030To+18005551212";
    EXPECT_EQ(independent_signature("12345", data), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    const FormParams p{{"To", "+31880030060"},
                       {"SpeechResult", "mijn baby <slaapt> & \"niet\""},
                       {"CallSid", "CAabc"}};
    const std::string sorted =
        "https://x.example/v1/twilio/voice/gather?seq=2CallSidCAabc"
        "SpeechResultmijn baby <slaapt> & \"niet\"To+31880030060";
    EXPECT_EQ(twilio_signature("test-token", "https://x.example/v1/twilio/voice/gather?seq=2", p),
              independent_signature("test-token", sorted));
}

TEST(TwilioSignature, RejectsTamperingAndBadInput) {
    const auto good = twilio_signature("12345", doc_url, doc_params());
    auto tampered = doc_params();
    tampered.find("Digits")->second = "9999";
    EXPECT_FALSE(verify_twilio_signature("12345", doc_url, tampered, good));
    EXPECT_FALSE(
        verify_twilio_signature("12345", "https://mycompany.com/myapp.php", doc_params(), good));
    EXPECT_FALSE(verify_twilio_signature("wrong", doc_url, doc_params(), good));
    EXPECT_FALSE(verify_twilio_signature("12345", doc_url, doc_params(), good.substr(0, 27)));
    EXPECT_FALSE(verify_twilio_signature("12345", doc_url, doc_params(), ""));
    EXPECT_FALSE(verify_twilio_signature("", doc_url, doc_params(), good));
}

TEST(FormParsing, DecodesAndSortsByName) {
    const auto p =
        parse_form("To=%2B18005551212&CallSid=CA1&SpeechResult=mijn+baby+%26+ik&Empty=&Flag");
    ASSERT_TRUE(p);
    EXPECT_EQ(form_value(*p, "To"), "+18005551212");
    EXPECT_EQ(form_value(*p, "SpeechResult"), "mijn baby & ik");
    EXPECT_EQ(form_value(*p, "Empty"), "");
    EXPECT_EQ(p->count("Flag"), 1u);
    EXPECT_EQ(p->begin()->first, "CallSid");
    // Parsed from the wire in any order, the signature is the documented one.
    const auto doc = parse_form(
        "To=%2B18005551212&Digits=1234&From=%2B12349013030&CallSid=CA1234567890ABCDE&Caller=%"
        "2B12349013030");
    ASSERT_TRUE(doc);
    EXPECT_TRUE(verify_twilio_signature("12345", doc_url, *doc, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
}

TEST(FormParsing, MalformedEscapesAreRefused) {
    EXPECT_FALSE(parse_form("a=%2"));
    EXPECT_FALSE(parse_form("a=%zz"));
    EXPECT_FALSE(parse_form("a=%"));
    EXPECT_TRUE(parse_form(""));
}
