#include "routing/tenants.hpp"

#include <algorithm>
#include <cctype>

namespace advieslijn::routing {

std::string_view strip_channel_prefix(std::string_view address) {
    for (std::string_view prefix : {"whatsapp:", "sms:", "tel:"})
        if (address.substr(0, prefix.size()) == prefix) return address.substr(prefix.size());
    return address;
}

std::optional<std::string> normalize_phone(std::string_view number) {
    number = strip_channel_prefix(number);
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < number.size(); ++i) {
        const char c = number[i];
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') {
            continue;
        } else {
            return std::nullopt;
        }
    }
    std::string e164;
    if (plus) {
        e164 = "+" + digits;
    } else if (digits.rfind("00", 0) == 0) {
        e164 = "+" + digits.substr(2);
    } else if (digits.size() == 10 && digits[0] == '0') {
        // A Dutch national number as a caller types it on the keypad: 06…, 010…
        e164 = "+31" + digits.substr(1);
    } else {
        return std::nullopt;
    }
    if (!is_e164(e164)) return std::nullopt;
    return e164;
}

std::string twilio_language(std::string_view lang) {
    if (lang == "en") return "en-GB";
    return "nl-NL";
}

TenantDirectory::TenantDirectory(const std::vector<Tenant>& tenants) : tenants_(tenants) {
    for (std::size_t i = 0; i < tenants_.size(); ++i) {
        for (const auto& n : tenants_[i].numbers) {
            const auto e164 = normalize_phone(n).value_or(n);
            if (!by_number_.emplace(e164, i).second)
                throw ConfigError("tenants[" + std::to_string(i) + "].numbers: " + e164 +
                                  " belongs to two tenants");
        }
        for (const auto& k : tenants_[i].site_keys)
            if (!by_site_key_.emplace(k, i).second)
                throw ConfigError("tenants[" + std::to_string(i) + "].site_keys: '" + k +
                                  "' belongs to two tenants");
    }
}

const Tenant* TenantDirectory::by_number(std::string_view dialed) const {
    const auto e164 = normalize_phone(dialed);
    if (!e164) return nullptr;
    const auto it = by_number_.find(*e164);
    return it == by_number_.end() ? nullptr : &tenants_[it->second];
}

const Tenant* TenantDirectory::by_site_key(std::string_view key) const {
    const auto it = by_site_key_.find(key);
    return it == by_site_key_.end() ? nullptr : &tenants_[it->second];
}

const Tenant* TenantDirectory::by_id(std::string_view id) const {
    for (const auto& t : tenants_)
        if (t.id == id) return &t;
    return nullptr;
}

const std::string& TenantDirectory::default_language(const Tenant& t) {
    static const std::string nl = "nl";
    return t.languages.empty() ? nl : t.languages.front();
}

bool TenantDirectory::offers(const Tenant& t, std::string_view lang) {
    return std::find(t.languages.begin(), t.languages.end(), lang) != t.languages.end();
}

std::string TenantDirectory::choose_language(const Tenant& t, std::string_view requested) {
    std::string code;
    for (char c : requested.substr(0, requested.find_first_of("-_")))
        code.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (offers(t, code)) return code;
    return default_language(t);
}

std::optional<std::string> TenantDirectory::language_for_key(const Tenant& t, char key) {
    std::string_view lang;
    if (key == '9')
        lang = "en";
    else if (key == '0')
        lang = "nl";
    else
        return std::nullopt;
    if (t.languages.size() < 2 || !offers(t, lang)) return std::nullopt;
    return std::string(lang);
}

}  // namespace advieslijn::routing
