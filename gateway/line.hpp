#pragma once
// The line's composition root: builds the tenants, risk detector and knowledge bases, the
// contact services (conversations, tasks, statistics), one callbacks::Service per tenant and
// the SLA scanner, and registers each API's routes on the App.
#include <map>
#include <memory>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "callbacks/scanner.hpp"
#include "callbacks/service.hpp"
#include "callbacks/webhook.hpp"
#include "common/clock.hpp"
#include "contact/chat.hpp"
#include "contact/knowledge.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/privacy.hpp"
#include "contact/sms.hpp"
#include "contact/statistics.hpp"
#include "contact/tasks.hpp"
#include "contact/voice.hpp"
#include "gateway/app.hpp"
#include "gateway/chat_api.hpp"
#include "gateway/console_api.hpp"
#include "gateway/kb_api.hpp"
#include "gateway/map_api.hpp"
#include "gateway/twilio.hpp"
#include "routing/answer_cache.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::gateway {

// The callbacks settings of `tenant` (its retention included), the chat limits and each
// tenant's conversation TTLs of `config`, as the line and the command-line tools that reach
// the same Redis keys use them.
callbacks::Settings callback_settings(const Config& config, const Tenant& tenant);
contact::ChatStoreLimits chat_store_limits(const ChatSettings& chat);
std::map<std::string, contact::ConversationTtls> conversation_ttls(const Config& config);

class Line {
public:
    // Registers the routes and the scanner on `app`. `clock` is a seam for tests.
    explicit Line(App& app, Clock& clock) : Line(app, clock, clock) {}
    // `session_clock` decides login-session expiry; tests give `clock` a fake time.
    Line(App& app, Clock& clock, Clock& session_clock);
    ~Line();

    const Tenant* tenant_by_site_key(std::string_view key) const {
        return tenants_.by_site_key(key);
    }
    callbacks::Service& callbacks_for(const Tenant& tenant) { return *services_.at(tenant.id); }

private:
    void add_routes();
    void log_social_maps();
    // Rebuilds the knowledge base on the worker thread; the old set serves meanwhile.
    void reload_in_background();
    // /metrics: every tenant's open tasks by stage, read from Redis at the scrape.
    asio::awaitable<std::string> task_metrics();

    App& app_;
    Clock& clock_;
    contact::Libraries libraries_;
    routing::TenantDirectory tenants_;
    social_map::TenantMaps maps_;  // loaded (or start-up refused) before anything runs
    routing::RiskDetector risk_;
    routing::Prompts prompts_;  // every tenant language complete, or start-up refused
    routing::AnswerCache answers_;  // cleared after every knowledge-base reload
    asio::thread_pool worker_{1};  // index builds: never on an I/O thread
    contact::Services services_;
    contact::ConversationStore store_;
    contact::Statistics stats_;
    contact::KnowledgeGaps gaps_;
    contact::Tasks tasks_{services_, store_, risk_, gaps_, stats_,
                          app_.config().chat.callback_forms_per_hour_per_address};
    contact::Privacy privacy_{services_, store_};
    std::unique_ptr<contact::VoiceCalls> calls_;
    std::unique_ptr<contact::SmsThreads> threads_;
    std::unique_ptr<contact::ChatConversations> chats_;
    std::unique_ptr<TwilioChannel> twilio_;
    std::unique_ptr<ChatApi> chat_api_;
    std::unique_ptr<KbApi> kb_api_;
    std::unique_ptr<MapApi> map_api_;
    callbacks::HttpWebhookSender webhook_sender_;
    std::unique_ptr<callbacks::Scanner> scanner_;
    std::unique_ptr<ConsoleApi> console_;
};

}  // namespace advieslijn::gateway
