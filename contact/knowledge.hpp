#pragma once
// The knowledge bases the line answers from, as routing sees them: the shared article set and,
// for each tenant with its own folder, the shared set with the tenant's articles added and
// overriding (kb::load's tenant_dir). Searches are in memory and never block.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "knowledge-base/knowledge_base.hpp"
#include "routing/decision.hpp"

namespace advieslijn::contact {

class Libraries {
public:
    explicit Libraries(const Config& config);
    const kb::Library& shared() const { return shared_; }
    const kb::Library& for_tenant(const Tenant& tenant) const;
    // Rebuilds every library (blocking: off the I/O threads); each keeps serving its last good
    // set when its new one is refused. Returns the problems of all.
    std::vector<kb::Problem> reload();
    // Called at the end of every reload, whatever it returned (even a refused reload may have
    // replaced some tenants' sets): whoever keeps results derived from the articles drops them.
    void after_reload(std::function<void()> hook) { after_reload_.push_back(std::move(hook)); }
    bool loaded() const;

    // The seams routing's steps take (routing/decision.hpp).
    routing::KbSearch search() const;
    routing::KbLookup lookup() const;
    // Speech recognition hints per language: the shared set's keywords (at most 100 each).
    std::map<std::string, std::string> speech_hints() const;

private:
    kb::Library shared_;
    std::map<std::string, std::unique_ptr<kb::Library>, std::less<>> tenants_;
    std::vector<std::function<void()>> after_reload_;  // registered before the line serves
};

// A knowledge-base search as routing's KbResult: the decision and the best three articles.
routing::KbResult search_for_routing(const kb::Library& library, std::string_view lang,
                                     std::string_view text);

}  // namespace advieslijn::contact
