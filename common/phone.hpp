#pragma once
// The one phone-number parser of the server: what a caller types, a chat message contains, a
// web form posts or Twilio sends as From/To, to E.164 or a reason why not. Dutch numbers
// follow the rule table `dutch_ranges` (web-widget/widget.js carries the same table, and
// tests/common/phone_test.cpp checks that the two agree and runs tests/data/phone_cases.json
// through both).
#include <span>
#include <string>
#include <string_view>

namespace advieslijn {

// Why a text is not a number we accept. The codes (phone_reason_code) are stable: the widget
// and the shared test cases use them.
enum class PhoneError {
    empty,                 // nothing but separators
    invalid_characters,    // letters, "anonymous", "client:alice", a second "+"
    missing_prefix,        // digits without "+", "00" or a Dutch "0" in front
    invalid_country_code,  // "+0…"
    too_short,
    too_long,
    premium_rate,  // 0900, 0906, 0909: the caller's number would cost the line money
    not_callable,  // a Dutch range that is no telephone (machine-to-machine, private networks,
                   // unused)
};

// What a parsed number is for. A callback number must be one we can ring at normal cost; a
// line's own dialed number may be any valid number (callers pay for a premium-rate line).
enum class PhoneUse { callback, dialed };

class ParsedPhone {
  public:
    static ParsedPhone number(std::string e164) { return ParsedPhone(std::move(e164), {}); }
    static ParsedPhone refused(PhoneError why) { return ParsedPhone({}, why); }

    bool ok() const { return !e164_.empty(); }
    explicit operator bool() const { return ok(); }
    // "+31612345678"; empty when refused.
    const std::string& e164() const { return e164_; }
    // Only meaningful when refused.
    PhoneError error() const { return error_; }

  private:
    ParsedPhone(std::string e164, PhoneError why) : e164_(std::move(e164)), error_(why) {}
    std::string e164_;
    PhoneError error_;
};

// "premium_rate", "too_short", ...
std::string_view phone_reason_code(PhoneError e);
// One English sentence for an API client, e.g. "premium-rate numbers (0900/0906/0909) cannot
// be called back".
std::string_view phone_error_message(PhoneError e);

// Accepts E.164 ("+31612345678"), "00" international ("0031612345678"), Dutch national
// ("0612345678"), a wrongly kept trunk zero ("+31 (0)6 …", "+310612345678"), separators
// (spaces, dashes, dots, slashes, parentheses) and Twilio's "whatsapp:", "sms:", "tel:"
// prefixes. +31 numbers must fit `dutch_ranges`; others need 8-15 digits after the "+".
ParsedPhone parse_phone(std::string_view text, PhoneUse use = PhoneUse::callback);

// True for "+" and digits only: how the config must write a number (not yet checked for length).
bool is_written_in_e164(std::string_view number);

// For the config: true when `number` is already written in E.164 ("+" and digits only) and
// parses as a dialed number (0800 and 088 service numbers included).
bool is_tenant_number(std::string_view number);

// Every spelling of the number `e164` inside a free text (E.164, "0031…", national "06…",
// with spaces, dashes, dots, slashes or parentheses, a "whatsapp:" prefix) replaced by
// `replacement`; other numbers and masked forms ("+31 6 ****5678") stay as they are. For
// erasure on request: the same parser decides what counts as the number.
std::string redact_phone(std::string_view text, std::string_view e164,
                         std::string_view replacement = "[phone]");
// True when `text` holds `e164` in any of the spellings redact_phone replaces.
bool mentions_phone(std::string_view text, std::string_view e164);

// Strips a Twilio channel prefix ("whatsapp:+316…" -> "+316…").
std::string_view strip_channel_prefix(std::string_view address);

// The Dutch numbering plan as far as the line cares: numbers after "+31" (or after the trunk
// "0") that start with `prefix` have `min_digits`..`max_digits` digits in all, counted after
// "31". The longest matching prefix wins; a number no row matches is not_callable.
enum class DutchKind { geographic, mobile, service, freephone, premium, not_callable };
struct DutchRange {
    std::string_view prefix;
    int min_digits;
    int max_digits;
    DutchKind kind;
};
std::span<const DutchRange> dutch_ranges();
std::string_view dutch_kind_name(DutchKind k);  // "geographic", "mobile", ... (as in widget.js)

}  // namespace advieslijn
