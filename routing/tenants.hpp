#pragma once
// Finding the tenant of a contact and the language to talk in.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"

namespace advieslijn::routing {

class TenantDirectory {
  public:
    // Copies the tenants; the directory is immutable afterwards and safe to share across
    // threads. Throws ConfigError when two tenants claim the same number or site key.
    explicit TenantDirectory(const std::vector<Tenant>& tenants);

    // The tenant whose number `dialed` is, in any spelling parse_phone reads.
    const Tenant* by_number(std::string_view dialed) const;
    const Tenant* by_site_key(std::string_view key) const;
    const Tenant* by_id(std::string_view id) const;

    static const std::string& default_language(const Tenant& t);
    // The requested code when the tenant offers it ("en-GB" and "EN" count as "en"),
    // otherwise the tenant's default.
    static std::string choose_language(const Tenant& t, std::string_view requested);
    static bool offers(const Tenant& t, std::string_view lang);

    const std::vector<Tenant>& tenants() const { return tenants_; }

  private:
    std::vector<Tenant> tenants_;
    std::map<std::string, std::size_t, std::less<>> by_number_;
    std::map<std::string, std::size_t, std::less<>> by_site_key_;
};

}  // namespace advieslijn::routing
