#include "routing/tenants.hpp"

#include <algorithm>
#include <cctype>

#include "common/phone.hpp"

namespace advieslijn::routing {

TenantDirectory::TenantDirectory(const std::vector<Tenant>& tenants) : tenants_(tenants) {
    for (std::size_t i = 0; i < tenants_.size(); ++i) {
        for (const auto& n : tenants_[i].numbers) {
            const auto parsed = parse_phone(n, PhoneUse::dialed);
            const std::string e164 = parsed ? parsed.e164() : n;
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
    const auto e164 = parse_phone(dialed, PhoneUse::dialed);
    if (!e164) return nullptr;
    const auto it = by_number_.find(e164.e164());
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

}  // namespace advieslijn::routing
