// Writes signed Twilio voice webhooks for ops/bench/line, one request per line in the format
// ops/bench/line.lua replays: METHOD<TAB>PATH<TAB>CONTENT-TYPE<TAB>SIGNATURE<TAB>BODY.
//
//   twilio_requests TOKEN PUBLIC_URL CALLS > voice.txt
//
// Each call is a /v1/twilio/voice step, then a /voice/gather step whose speech the knowledge
// base answers. Calls come in blocks of 256 first steps followed by their 256 gathers, so a
// gather never overtakes its own call's first step at 64 connections. Distinct CallSids, so
// every request is a fresh step, not a retry answered from stored state.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

#include "routing/twilio_signature.hpp"

using advieslijn::routing::FormParams;
using advieslijn::routing::twilio_signature;

namespace {

std::string form_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void emit(std::string_view token, std::string_view base, std::string_view path,
          const FormParams& params) {
    std::string url(base);
    url += path;
    std::string body;
    for (const auto& [name, value] : params) {
        if (!body.empty()) body += '&';
        body += name + '=' + form_encode(value);
    }
    std::printf("POST\t%.*s\tapplication/x-www-form-urlencoded\t%s\t%s\n",
                static_cast<int>(path.size()), path.data(),
                twilio_signature(token, url, params).c_str(), body.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: twilio_requests TOKEN PUBLIC_URL CALLS\n");
        return 2;
    }
    const std::string token = argv[1], base = argv[2];
    const long calls = std::stol(argv[3]);
    // Questions the shipped knowledge base answers with confidence.
    const char* questions[] = {"mijn baby slaapt 's nachts niet door",
                               "mijn peuter heeft driftbuien",
                               "mijn kind wordt gepest op school",
                               "hoeveel schermtijd is goed voor mijn kind",
                               "wanneer krijgt mijn baby vaccinaties",
                               "mijn puber blowt"};
    constexpr long block = 256;
    auto params_of = [](long n) {
        char sid[40], from[24];
        std::snprintf(sid, sizeof sid, "CA%032ld", n);
        std::snprintf(from, sizeof from, "+316%08ld", n % 100'000'000);
        return FormParams{{"CallSid", sid}, {"From", from}, {"To", "+31880030060"}};
    };
    for (long first = 0; first < calls; first += block) {
        const long end = std::min(calls, first + block);
        for (long n = first; n < end; ++n) emit(token, base, "/v1/twilio/voice", params_of(n));
        for (long n = first; n < end; ++n) {
            FormParams p = params_of(n);
            p.emplace("SpeechResult", questions[n % std::size(questions)]);
            emit(token, base, "/v1/twilio/voice/gather?seq=1", p);
        }
    }
}
