#include "common/log.hpp"
#include "common/log_context.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cctype>

namespace advieslijn {

namespace {

// %* in a pattern: the message, escaped for a JSON string.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        std::string escaped =
            json_escape(std::string_view(msg.payload.data(), msg.payload.size()));
        dest.append(escaped.data(), escaped.data() + escaped.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessageFlag>();
    }
};

thread_local const std::string* request_id = nullptr;
// Extra JSON members (",\"name\":value…") for the line being logged on this thread now;
// spdlog's default logger formats synchronously in the calling thread.
thread_local std::string_view extra_fields;
LogFormat log_format = LogFormat::text;

// %& in the JSON pattern: ,"request_id":"…" and the extra fields, when there are any.
class JsonContextFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        if (request_id && !request_id->empty()) {
            // Validated at the edge (gateway/request_id.cpp) to [A-Za-z0-9._-]: no escaping.
            static constexpr std::string_view key = ",\"request_id\":\"";
            dest.append(key.data(), key.data() + key.size());
            dest.append(request_id->data(), request_id->data() + request_id->size());
            dest.push_back('"');
        }
        dest.append(extra_fields.data(), extra_fields.data() + extra_fields.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonContextFlag>();
    }
};

// %& in the text pattern: "req=<id> " when there is one.
class TextContextFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        if (!request_id || request_id->empty()) return;
        static constexpr std::string_view key = "req=";
        dest.append(key.data(), key.data() + key.size());
        dest.append(request_id->data(), request_id->data() + request_id->size());
        dest.push_back(' ');
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<TextContextFlag>();
    }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the E.164 country code at the start of `digits` (ITU zones 1 and 7 are one
// digit, a fixed list of two-digit codes, everything else three).
std::size_t country_code_length(std::string_view digits) {
    if (digits.empty()) return 0;
    if (digits[0] == '1' || digits[0] == '7') return 1;
    static constexpr std::array<std::string_view, 44> two = {
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"};
    for (auto code : two)
        if (digits.substr(0, 2) == code) return 2;
    return std::min<std::size_t>(3, digits.size());
}

}  // namespace

void setup_logging(LogFormat format, std::string_view level) {
    auto logger = spdlog::stdout_color_mt("advieslijn");
    log_format = format;
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    if (format == LogFormat::json) {
        formatter->add_flag<JsonMessageFlag>('*').add_flag<JsonContextFlag>('&').set_pattern(
            R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","thread":%t%&,"msg":"%*"})");
    } else {
        formatter->add_flag<TextContextFlag>('&').set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %&%v");
    }
    logger->set_formatter(std::move(formatter));
    logger->set_level(spdlog::level::from_str(std::string(level)));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
}

const std::string* current_request_id() { return request_id; }

RequestIdScope::RequestIdScope(const std::string* id) : previous_(request_id) { request_id = id; }
RequestIdScope::~RequestIdScope() { request_id = previous_; }

void log_access(const AccessEntry& e) {
    if (log_format == LogFormat::text) {
        if (!e.refused.empty())
            spdlog::info("{} \"-\" {} (refused: {})", e.remote, e.status, e.refused);
        else
            spdlog::info("{} \"{} {}\" {} {} {:.2f}ms", e.remote, e.method, e.target, e.status,
                         e.bytes, e.duration_ms);
        return;
    }
    std::string fields = fmt::format(R"(,"remote":"{}","status":{})", json_escape(e.remote), e.status);
    if (!e.refused.empty()) {
        fields += fmt::format(R"(,"refused":"{}")", json_escape(e.refused));
    } else {
        fields += fmt::format(R"(,"method":"{}","target":"{}","bytes":{},"duration_ms":{:.2f})",
                              json_escape(e.method), json_escape(e.target), e.bytes, e.duration_ms);
    }
    extra_fields = fields;
    spdlog::info("access");
    extra_fields = {};
}

std::string mask_phone(std::string_view number) {
    std::string digits;
    for (char c : number) {
        if (is_digit(c)) {
            digits += c;
        } else if (c != ' ' && c != '-' && c != '+' && c != '(' && c != ')' && c != '.') {
            return "****";
        }
    }
    if (digits.size() < 6) return "****";
    const std::string last4 = digits.substr(digits.size() - 4);
    const bool international = !number.empty() && (number.front() == '+' ||
                                                    (digits.size() > 2 && digits[0] == '0' &&
                                                     digits[1] == '0'));
    if (international) {
        std::string_view rest(digits);
        if (rest.substr(0, 2) == "00") rest.remove_prefix(2);
        const std::size_t cc = country_code_length(rest);
        // Built by appending: GCC 12 warns falsely (-Wrestrict) on long operator+ chains.
        std::string out = "+";
        out.append(rest.substr(0, cc));
        if (rest.size() < cc + 5) return out.append(" ****");
        out.append(" ").append(1, rest[cc]).append(" ****").append(last4);
        return out;
    }
    std::string out = digits.substr(0, 2);
    return out.append(" ****").append(last4);
}

std::string mask_phones_in_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const bool starts = is_digit(text[i]) ||
                            (text[i] == '+' && i + 1 < text.size() && is_digit(text[i + 1]));
        if (!starts) {
            out += text[i++];
            continue;
        }
        std::size_t j = i + 1;
        std::size_t digit_count = is_digit(text[i]) ? 1 : 0;
        std::size_t last_digit_end = j;
        while (j < text.size()) {
            if (is_digit(text[j])) {
                ++digit_count;
                last_digit_end = j + 1;
            } else if (!(text[j] == ' ' || text[j] == '-') || j + 1 >= text.size() ||
                       !is_digit(text[j + 1])) {
                break;
            }
            ++j;
        }
        std::string_view run = text.substr(i, last_digit_end - i);
        out += digit_count >= 7 ? mask_phone(run) : std::string(run);
        i = last_digit_end;
    }
    return out;
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    static constexpr char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xf];
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

}  // namespace advieslijn
