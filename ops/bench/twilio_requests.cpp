// Writes signed Twilio voice webhooks for ops/bench/line, one request per line in the format
// ops/bench/line.lua replays: METHOD<TAB>PATH<TAB>CONTENT-TYPE<TAB>SIGNATURE<TAB>BODY.
//
//   twilio_requests TOKEN PUBLIC_URL CALLS [both|first|gather|sms] [FIRST] > voice.txt
//   twilio_requests --states CONFIG CALLS [FIRST] | redis-cli --pipe
//
// Each call is a /v1/twilio/voice step, then a /voice/gather step whose speech the knowledge
// base answers. With "both" (the default) calls come in blocks of 256 first steps followed by
// their 256 gathers, so a gather never overtakes its own call's first step at 64
// connections; "first" and "gather" write only one kind, for measuring each alone; "sms" writes
// text messages instead (/v1/twilio/messaging, the same questions), each from its own number,
// so each opens a thread of its own. Distinct CallSids, so every request is a fresh step, not a retry
// answered from stored state. --states writes, as Redis protocol, the state each call has
// after its first step (taken by routing::voice_incoming, the gateway's own step), so gathers
// can be measured alone without first sending every first step through the gateway. Calls
// (and messages) are numbered from FIRST (default 0), so a second run can use fresh ones.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <vector>
#include <string>
#include <string_view>

#include "common/config.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"
#include "routing/twilio_signature.hpp"
#include "routing/voice.hpp"

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

std::string call_sid(long n) {
    char sid[40];
    std::snprintf(sid, sizeof sid, "CA%032ld", n);
    return sid;
}

std::string caller(long n) {
    char from[24];
    std::snprintf(from, sizeof from, "+316%08ld", n % 100'000'000);
    return from;
}

void resp(const std::vector<std::string>& args) {
    std::printf("*%zu\r\n", args.size());
    for (const auto& a : args) {
        std::printf("$%zu\r\n", a.size());
        std::fwrite(a.data(), 1, a.size(), stdout);
        std::printf("\r\n");
    }
}

int write_states(const char* config_file, long first, long calls) {
    using namespace advieslijn;
    const Config config = load_config(config_file);
    const routing::TenantDirectory tenants(config.tenants);
    const auto risk = routing::RiskDetector::load(config.risk_signals);
    const auto prompts = routing::Prompts::load(config.texts);
    const routing::VoiceContext ctx{
        tenants, risk, prompts, [](const Tenant&, std::string_view, std::string_view) { return routing::KbResult{}; }, {}};
    for (long n = first; n < first + calls; ++n) {
        routing::VoiceRequest req;
        req.call_sid = call_sid(n);
        req.from = caller(n);
        req.to = "+31880030060";
        const auto step = routing::voice_incoming(ctx, std::nullopt, req);
        if (step.refused) {
            std::fprintf(stderr, "the config has no tenant for +31880030060\n");
            return 1;
        }
        resp({"SET", "voice:{" + step.state.tenant_id + "}:call:" + req.call_sid, routing::encode_voice_state(step.state), "EX", "7200"});
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if ((argc == 4 || argc == 5) && std::string_view(argv[1]) == "--states")
        return write_states(argv[2], argc == 5 ? std::stol(argv[4]) : 0, std::stol(argv[3]));
    const std::string mode = argc >= 5 ? argv[4] : "both";
    if (argc < 4 || argc > 6 ||
        (mode != "both" && mode != "first" && mode != "gather" && mode != "sms")) {
        std::fprintf(stderr, "usage: twilio_requests TOKEN PUBLIC_URL CALLS [both|first|gather|sms] [FIRST]\n");
        return 2;
    }
    const bool first_steps = mode != "gather", gathers = mode != "first";
    const std::string token = argv[1], base = argv[2];
    const long start = argc == 6 ? std::stol(argv[5]) : 0;
    const long stop = start + std::stol(argv[3]);  // one past the last call
    // Questions the shipped knowledge base answers with confidence.
    const char* questions[] = {"mijn baby slaapt 's nachts niet door",
                               "mijn peuter heeft driftbuien",
                               "mijn kind wordt gepest op school",
                               "hoeveel schermtijd is goed voor mijn kind",
                               "wanneer krijgt mijn baby vaccinaties",
                               "mijn puber blowt"};
    if (mode == "sms") {
        for (long n = start; n < stop; ++n) {
            char sid[40];
            std::snprintf(sid, sizeof sid, "SM%032ld", n);
            emit(token, base, "/v1/twilio/messaging",
                 {{"MessageSid", sid}, {"From", caller(n)}, {"To", "+31880030060"},
                  {"Body", questions[n % std::size(questions)]}});
        }
        return 0;
    }
    constexpr long block = 256;
    auto params_of = [](long n) {
        return FormParams{{"CallSid", call_sid(n)}, {"From", caller(n)}, {"To", "+31880030060"}};
    };
    for (long first = start; first < stop; first += block) {
        const long end = std::min(stop, first + block);
        for (long n = first; n < end && first_steps; ++n)
            emit(token, base, "/v1/twilio/voice", params_of(n));
        for (long n = first; n < end && gathers; ++n) {
            FormParams p = params_of(n);
            p.emplace("SpeechResult", questions[n % std::size(questions)]);
            emit(token, base, "/v1/twilio/voice/gather?seq=1", p);
        }
    }
}
