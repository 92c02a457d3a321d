#include "common/phone.hpp"

#include <array>
#include <vector>

namespace advieslijn {
namespace {

// Keep in step with NL_RANGES in web-widget/widget.js (phone_test compares the two).
// Lengths count the digits after "31"; 0800 and 090x numbers have 4 to 7 digits after them.
constexpr std::array ranges{
    DutchRange{"1", 9, 9, DutchKind::geographic},  // 010 Rotterdam, 0111 Zierikzee, ...
    DutchRange{"2", 9, 9, DutchKind::geographic},  // 020 Amsterdam, ...
    DutchRange{"3", 9, 9, DutchKind::geographic},  // 030 Utrecht, ...
    DutchRange{"4", 9, 9, DutchKind::geographic},  // 040 Eindhoven, ...
    DutchRange{"5", 9, 9, DutchKind::geographic},  // 050 Groningen, 0546 Almelo, ...
    DutchRange{"7", 9, 9, DutchKind::geographic},  // 070 Den Haag, ...
    DutchRange{"6", 9, 9, DutchKind::mobile},      // 066 pagers too: reachable by a call
    DutchRange{"84", 9, 9, DutchKind::service},    // personal assistant services
    DutchRange{"85", 9, 9, DutchKind::service},    // location-independent
    DutchRange{"87", 9, 9, DutchKind::service},
    DutchRange{"88", 9, 9, DutchKind::service},  // company numbers
    DutchRange{"91", 9, 9, DutchKind::service},
    DutchRange{"800", 7, 10, DutchKind::freephone},
    DutchRange{"900", 7, 10, DutchKind::premium},  // information services
    DutchRange{"906", 7, 10, DutchKind::premium},  // adult entertainment
    DutchRange{"909", 7, 10, DutchKind::premium},  // entertainment
};

constexpr std::size_t min_international_digits = 8;
constexpr std::size_t max_international_digits = 15;
// More digits than any spelling of a valid number has ("00 31 0…" and 15 digits).
constexpr std::size_t max_kept_digits = 20;

const DutchRange* dutch_range_of(std::string_view national) {
    const DutchRange* best = nullptr;
    for (const auto& r : ranges)
        if (national.starts_with(r.prefix) && (!best || r.prefix.size() > best->prefix.size()))
            best = &r;
    return best;
}

ParsedPhone check_dutch(std::string_view national, PhoneUse use) {
    if (national.empty()) return ParsedPhone::refused(PhoneError::too_short);
    const DutchRange* r = dutch_range_of(national);
    if (!r || r->kind == DutchKind::not_callable)
        return ParsedPhone::refused(PhoneError::not_callable);
    if (r->kind == DutchKind::premium && use == PhoneUse::callback)
        return ParsedPhone::refused(PhoneError::premium_rate);
    const auto n = static_cast<int>(national.size());
    if (n < r->min_digits) return ParsedPhone::refused(PhoneError::too_short);
    if (n > r->max_digits) return ParsedPhone::refused(PhoneError::too_long);
    return ParsedPhone::number("+31" + std::string(national));
}

}  // namespace

std::span<const DutchRange> dutch_ranges() {
    return ranges;
}

std::string_view dutch_kind_name(DutchKind k) {
    switch (k) {
        case DutchKind::geographic:
            return "geographic";
        case DutchKind::mobile:
            return "mobile";
        case DutchKind::service:
            return "service";
        case DutchKind::freephone:
            return "freephone";
        case DutchKind::premium:
            return "premium";
        case DutchKind::not_callable:
            return "not_callable";
    }
    return "not_callable";
}

std::string_view phone_reason_code(PhoneError e) {
    switch (e) {
        case PhoneError::empty:
            return "empty";
        case PhoneError::invalid_characters:
            return "invalid_characters";
        case PhoneError::missing_prefix:
            return "missing_prefix";
        case PhoneError::invalid_country_code:
            return "invalid_country_code";
        case PhoneError::too_short:
            return "too_short";
        case PhoneError::too_long:
            return "too_long";
        case PhoneError::premium_rate:
            return "premium_rate";
        case PhoneError::not_callable:
            return "not_callable";
    }
    return "invalid_characters";
}

std::string_view phone_error_message(PhoneError e) {
    switch (e) {
        case PhoneError::empty:
            return "a phone number is required";
        case PhoneError::invalid_characters:
            return "a phone number may only contain digits, spaces, dashes, dots, parentheses "
                   "and a leading +";
        case PhoneError::missing_prefix:
            return "write the number with its area code (06…, 010…) or a country code (+32…)";
        case PhoneError::invalid_country_code:
            return "a country code never starts with 0";
        case PhoneError::too_short:
            return "the number has too few digits";
        case PhoneError::too_long:
            return "the number has too many digits";
        case PhoneError::premium_rate:
            return "premium-rate numbers (0900/0906/0909) cannot be called back";
        case PhoneError::not_callable:
            return "this Dutch number range (machine-to-machine, private networks, unused) cannot "
                   "be called";
    }
    return "not a phone number";
}

std::string_view strip_channel_prefix(std::string_view address) {
    for (std::string_view prefix : {"whatsapp:", "sms:", "tel:"})
        if (address.starts_with(prefix)) return address.substr(prefix.size());
    return address;
}

ParsedPhone parse_phone(std::string_view text, PhoneUse use) {
    text = strip_channel_prefix(text);
    std::string digits;
    bool plus = false;
    bool overflow = false;
    for (const char c : text) {
        if (c >= '0' && c <= '9') {
            // Enough to know it is too long, without copying a whole chat message.
            if (digits.size() < max_kept_digits)
                digits.push_back(c);
            else
                overflow = true;
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c != ' ' && c != '\t' && c != '-' && c != '.' && c != '/' && c != '(' &&
                   c != ')') {
            return ParsedPhone::refused(PhoneError::invalid_characters);
        }
    }
    if (digits.empty()) return ParsedPhone::refused(PhoneError::empty);
    if (overflow) return ParsedPhone::refused(PhoneError::too_long);
    std::string_view d = digits;
    if (!plus) {
        if (!d.starts_with('0')) return ParsedPhone::refused(PhoneError::missing_prefix);
        d.remove_prefix(1);
        // A national number: the trunk "0" and then the Dutch number.
        if (!d.starts_with('0')) return check_dutch(d, use);
        d.remove_prefix(1);  // "00": the international prefix, as a "+"
    }
    if (d.empty()) return ParsedPhone::refused(PhoneError::too_short);
    if (d.front() == '0') return ParsedPhone::refused(PhoneError::invalid_country_code);
    if (d.starts_with("31")) {
        d.remove_prefix(2);
        // "+31 (0)6 …": the trunk zero written out of habit.
        if (d.starts_with('0')) d.remove_prefix(1);
        return check_dutch(d, use);
    }
    if (d.size() < min_international_digits) return ParsedPhone::refused(PhoneError::too_short);
    if (d.size() > max_international_digits) return ParsedPhone::refused(PhoneError::too_long);
    return ParsedPhone::number("+" + std::string(d));
}

bool is_written_in_e164(std::string_view number) {
    return number.size() > 1 && number.front() == '+' &&
           number.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

bool is_tenant_number(std::string_view number) {
    if (!is_written_in_e164(number)) return false;
    const auto parsed = parse_phone(number, PhoneUse::dialed);
    return parsed && parsed.e164() == number;
}

namespace {

bool ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool word_char(char c) {
    return ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool number_separator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

// The length of the spelling of `e164` that starts at `i`, or 0. A candidate is a run of
// digits with at most three separators between groups (and a "+" or "(" in front); the longest
// prefix of it that ends after a digit, is not followed by one, and parses to `e164` wins.
std::size_t number_at(std::string_view s, std::size_t i, std::string_view e164) {
    constexpr std::size_t max_run = 40;
    std::vector<std::size_t> ends;  // just past each digit
    std::size_t j = i;
    while (j < s.size() && (s[j] == '(' || s[j] == '+') && j - i < 3) ++j;
    while (j < s.size() && j - i < max_run) {
        if (ascii_digit(s[j])) {
            ends.push_back(++j);
            continue;
        }
        std::size_t k = j;
        while (k < s.size() && k - j < 3 && number_separator(s[k])) ++k;
        if (k == j || k >= s.size() || !(ascii_digit(s[k]) || s[k] == '(')) break;
        j = k;
    }
    for (auto e = ends.rbegin(); e != ends.rend(); ++e) {
        if (*e < s.size() && ascii_digit(s[*e])) continue;
        const ParsedPhone p = parse_phone(s.substr(i, *e - i), PhoneUse::dialed);
        if (p && p.e164() == e164) return *e - i;
    }
    return 0;
}

}  // namespace

std::string redact_phone(std::string_view text, std::string_view e164, std::string_view replacement) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const bool start = (ascii_digit(c) || c == '+' || c == '(') && (i == 0 || !word_char(text[i - 1])) &&
                           !(i > 0 && (text[i - 1] == '+' || ascii_digit(text[i - 1])));
        const std::size_t n = start ? number_at(text, i, e164) : 0;
        if (n == 0) {
            ++i;
            continue;
        }
        // "(06/12345678)": an opening parenthesis the number does not close stays.
        const std::size_t from = c == '(' && text.substr(i, n).find(')') == std::string_view::npos ? i + 1 : i;
        out.append(text.substr(copied, from - copied)).append(replacement);
        i += n;
        copied = i;
    }
    return out.append(text.substr(copied));
}

bool mentions_phone(std::string_view text, std::string_view e164) {
    return redact_phone(text, e164, {}).size() != text.size();
}

}  // namespace advieslijn
