#include "service/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <semaphore>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "notify/messages.h"
#include "service/authorization.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/program_repository.h"
#include "store/sign_in_repository.h"
#include "store/token_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

using std::chrono::seconds;

// ---- time ------------------------------------------------------------------

std::string Format(SysSeconds t) { return FormatUtc(t); }

// A stored UTC time; the epoch when malformed (so it has always expired).
SysSeconds StoredTime(const std::string& text) { return ParseUtc(text).value_or(SysSeconds{}); }

// ---- secrets ---------------------------------------------------------------

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw Error(ErrorCode::kInternal, "libsodium could not be initialised");
}

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kTokenChars = 43;  // base64url without padding of 32 bytes

// 32 random bytes, base64url without padding.
std::string RandomToken() {
  InitSodium();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, kTokenChars + 1> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data(), kTokenChars);
}

// True when `token` looks like RandomToken's output (so garbage never reaches the database).
bool WellFormedToken(const std::string& token) {
  return token.size() == kTokenChars && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

// Hex SHA-256 of a token: what the database stores and looks up, so that a
// lookup compares hashes, never the secret, and a leaked table gives no tokens.
std::string TokenHash(const std::string& token) {
  InitSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

// Concurrent argon2id computations (each takes 64 MiB).
std::counting_semaphore<64>& HashSlots() {
  static std::counting_semaphore<64> slots(
      std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 2, 8));
  return slots;
}

struct HashSlot {
  HashSlot() { HashSlots().acquire(); }
  ~HashSlot() { HashSlots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

bool VerifyPassword(const std::string& hash, const std::string& password) {
  InitSodium();
  HashSlot slot;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// A hash of a random password: checked against when the e-mail is unknown or
// the user has no password, so that those answers take as long as a wrong password.
const std::string& DummyHash() {
  static const std::string hash = HashPassword(RandomToken());
  return hash;
}

// ---- the session cache -----------------------------------------------------

// Authenticate's answers, for a few seconds, by (database, token hash). A hit
// is a hash, a shared lock and a copy. Sharded to keep lock contention low.
class SessionCache {
 public:
  static constexpr seconds kTtl{5};
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxPerShard = 8192;

  struct Entry {
    std::optional<SessionInfo> info;  // nullopt: known not to be a live session
    SysSeconds expires{};             // of the session
    SysSeconds stale_at{};            // of this entry
    SysSeconds extend_at{};           // when the session should be extended
  };

  // The entry for `key` if it is fresh at `now`.
  std::optional<Entry> Get(const std::string& key, SysSeconds now) {
    Shard& shard = ShardOf(key);
    std::shared_lock lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end() || it->second.stale_at <= now) return std::nullopt;
    return it->second;
  }

  // Bumped by every erase. A reader takes it before reading the database
  // and passes it to Put, which then stores nothing if an erase came in
  // between: an answer read before a sign-out or a disabling committed must
  // not be kept after it.
  std::uint64_t Epoch() const { return epoch_.load(std::memory_order_acquire); }

  void Put(const std::string& key, Entry entry, SysSeconds now, std::uint64_t epoch) {
    Shard& shard = ShardOf(key);
    std::unique_lock lock(shard.mutex);
    if (epoch_.load(std::memory_order_acquire) != epoch) return;
    if (shard.entries.size() >= kMaxPerShard) {
      std::erase_if(shard.entries, [&](const auto& kv) { return kv.second.stale_at <= now; });
      if (shard.entries.size() >= kMaxPerShard) shard.entries.clear();
    }
    shard.entries[key] = std::move(entry);
  }

  void Erase(const std::string& key) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    Shard& shard = ShardOf(key);
    std::unique_lock lock(shard.mutex);
    shard.entries.erase(key);
  }

  // Forgets every cached session of the user (after ending them).
  void EraseUser(std::uint64_t db, std::int64_t user_id) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    const std::string prefix = Key(db, "");
    for (Shard& shard : shards_) {
      std::unique_lock lock(shard.mutex);
      std::erase_if(shard.entries, [&](const auto& kv) {
        return kv.first.compare(0, prefix.size(), prefix) == 0 && kv.second.info &&
               kv.second.info->user.id == user_id;
      });
    }
  }

  // Keyed by the Database's instance_id (never reused in a process).
  static std::string Key(std::uint64_t db, const std::string& token_hash) {
    return std::to_string(db) + ":" + token_hash;
  }

 private:
  struct Shard {
    std::shared_mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  Shard& ShardOf(const std::string& key) {
    return shards_[std::hash<std::string>{}(key) % kShards];
  }
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> epoch_{0};
};

SessionCache& Cache() {
  static SessionCache cache;
  return cache;
}

// ---- helpers ---------------------------------------------------------------

std::string& BaseUrl() {
  static std::string url = "http://127.0.0.1:8080";
  return url;
}

const char kWrongCredentials[] = "wrong e-mail address or password";
const char kBadInvitation[] =
    "this invitation link is not valid: it is unknown, used or expired (ask the coordinator for "
    "a new one)";
const char kBadReset[] =
    "this password-reset link is not valid: it is unknown, used or expired (request a new one)";
constexpr seconds kResetValidity{60 * 60};
constexpr int kMaxLiveResets = 3;  // per user: more requests within the hour write nothing
constexpr seconds kAttemptRetention{7 * 24 * 60 * 60};
// However often it is used, a session ends this long after sign-in.
constexpr seconds kMaxSessionAge{30 * 24 * 60 * 60};

std::string CleanName(const std::string& name) {
  std::string n(Trim(name));
  if (n.empty()) throw InvalidArgument("a name is required", "name");
  CheckText(n, "name", 200);
  return n;
}

// The e-mail an attempt is recorded and throttled under: normalised when
// plausible, otherwise trimmed, lower-cased and cut to 254 bytes.
std::string AttemptEmail(const std::string& email) {
  try {
    return NormalizeEmail(email);
  } catch (const Error&) {
    return ToLower(Trim(email)).substr(0, 254);
  }
}

// Minutes (at least 1) until `failures` drop below `max` within the window.
std::optional<long long> LockedForMinutes(const std::vector<std::string>& failures, int max,
                                          int window_seconds, SysSeconds now) {
  if (max <= 0 || static_cast<int>(failures.size()) < max) return std::nullopt;
  const SysSeconds leaves =
      StoredTime(failures[failures.size() - static_cast<size_t>(max)]) + seconds(window_seconds);
  const long long wait = std::max<long long>(1, (leaves - now).count());
  return (wait + 59) / 60;
}

// Appends a sign-in event for `user_id` to the audit log (no program).
void AuditSignIn(store::Transaction& tx, const std::string& action, std::int64_t user_id,
                 const std::string& address, bool locked) {
  nlohmann::json after = nlohmann::json::object();
  if (!address.empty()) after["address"] = address;
  if (locked) after["locked"] = true;
  const bool by_user = action != "user.sign_in_failed";
  store::AuditLog(tx).Append(
      {.actor_user_id = by_user ? std::optional<std::int64_t>(user_id) : std::nullopt,
       .actor = by_user ? "user:" + std::to_string(user_id) : "anonymous",
       .action = action,
       .entity = "user",
       .entity_id = user_id,
       .after_json = after.dump()});
}

// Opens a session for `user` inside `tx`.
SessionGrant OpenSession(store::Transaction& tx, const User& user, int idle_seconds) {
  const SysSeconds now = tx.now();
  SessionGrant grant;
  grant.token = RandomToken();
  grant.csrf_token = RandomToken();
  grant.user = user;
  grant.expires_at = Format(now + seconds(idle_seconds));
  store::SignInRepository(tx).InsertSession({.token_hash = TokenHash(grant.token),
                                             .user_id = user.id,
                                             .csrf_token = grant.csrf_token,
                                             .idle_seconds = idle_seconds,
                                             .created_at = Format(now),
                                             .expires_at = grant.expires_at,
                                             .last_seen_at = Format(now)});
  return grant;
}

// A one-time token of `kind` that is unused and unexpired; nullopt otherwise.
std::optional<store::OneTimeToken> LiveToken(store::Transaction& tx, const std::string& token,
                                             const char* kind) {
  if (!WellFormedToken(token)) return std::nullopt;
  auto t = store::TokenRepository(tx).FindByHash(TokenHash(token));
  if (!t || t->kind != kind || !t->used_at.empty() || StoredTime(t->expires_at) <= tx.now()) {
    return std::nullopt;
  }
  return t;
}

}  // namespace

// ---- public ----------------------------------------------------------------

namespace internal {
std::string NewToken() { return RandomToken(); }
std::string HashToken(const std::string& token) { return TokenHash(token); }
bool IsWellFormedToken(const std::string& token) { return WellFormedToken(token); }
}  // namespace internal

std::string HashPassword(const std::string& password) {
  InitSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  HashSlot slot;
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw Error(ErrorCode::kUnavailable, "out of memory while hashing a password; try again");
  }
  return std::string(out.data());
}

void SetPublicBaseUrl(const std::string& url) {
  std::string u(Trim(url));
  while (!u.empty() && u.back() == '/') u.pop_back();
  BaseUrl() = u;
}

const std::string& PublicBaseUrl() { return BaseUrl(); }

User CreateUser(store::Database& db, const Actor& actor, const NewUser& user) {
  RequireAdmin(actor, "create users");
  User u;
  u.email = NormalizeEmail(user.email);
  u.name = CleanName(user.name);
  u.is_admin = user.is_admin;
  ValidatePassword(user.password, u.email);
  const std::string hash = HashPassword(user.password);
  store::Transaction tx = db.Begin();
  store::UserRepository users(tx);
  if (users.FindByEmail(u.email)) {
    throw Error(ErrorCode::kConflict, "a user with the e-mail " + u.email + " already exists",
                "email");
  }
  u.id = users.Insert(u, hash);
  User stored = *users.Find(u.id);
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = "user.create",
                              .entity = "user",
                              .entity_id = stored.id,
                              .after_json = internal::UserJson(stored)});
  tx.Commit();
  return stored;
}

std::vector<User> ListUsers(store::Database& db, const Actor& actor, const std::string& search) {
  RequireAdmin(actor, "list users");
  store::Transaction tx = db.Begin(false);
  std::vector<User> users = store::UserRepository(tx).List();
  tx.Commit();
  const std::string needle = ToLower(Trim(search));
  if (!needle.empty()) {
    std::erase_if(users, [&](const User& u) {
      return ToLower(u.name).find(needle) == std::string::npos &&
             u.email.find(needle) == std::string::npos;
    });
  }
  return users;
}

User SetUserDisabled(store::Database& db, const Actor& actor, std::int64_t user_id, bool disabled) {
  return UpdateUser(db, actor, user_id, {.disabled = disabled});
}

User UpdateUser(store::Database& db, const Actor& actor, std::int64_t user_id,
                const UserChange& change) {
  RequireAdmin(actor, "change accounts");
  if (!change.disabled && !change.is_admin) {
    throw InvalidArgument("say what to change: disabled or is_admin", "disabled");
  }
  if (change.disabled.value_or(false) && actor.user_id == user_id) {
    throw FailedPrecondition("you cannot disable your own account; ask another administrator");
  }
  if (change.is_admin && !*change.is_admin && actor.user_id == user_id) {
    throw FailedPrecondition("you cannot remove your own admin rights; ask another administrator");
  }
  store::Transaction tx = db.Begin();
  store::UserRepository users(tx);
  const auto before = users.Find(user_id);
  if (!before) throw NotFound("user " + std::to_string(user_id) + " does not exist");
  store::AuditLog audit(tx);
  const auto append = [&](const char* action, const User& from, const User& to) {
    audit.Append({.actor_user_id = actor.user_id,
                  .actor = actor.label,
                  .action = action,
                  .entity = "user",
                  .entity_id = user_id,
                  .before_json = internal::UserJson(from),
                  .after_json = internal::UserJson(to)});
  };
  bool changed = false;
  User current = *before;
  if (change.disabled && *change.disabled != current.disabled) {
    const bool disabled = *change.disabled;
    users.SetDisabled(user_id, disabled);
    if (disabled) {
      store::SignInRepository(tx).DeleteSessionsOf(user_id);
      store::TokenRepository tokens(tx);
      for (const char* kind : {"invitation", "password_reset"}) {
        tokens.RevokeUnused(user_id, kind, tx.now_text());
      }
    }
    const User after = *users.Find(user_id);
    append(disabled ? "user.disable" : "user.enable", current, after);
    current = after;
    changed = true;
  }
  if (change.is_admin && *change.is_admin != current.is_admin) {
    users.SetAdmin(user_id, *change.is_admin);
    const User after = *users.Find(user_id);
    append(*change.is_admin ? "user.grant_admin" : "user.revoke_admin", current, after);
    current = after;
    changed = true;
  }
  if (!changed) return current;  // rolled back: nothing changed
  tx.Commit();
  Cache().EraseUser(db.instance_id(), user_id);
  return current;
}

int SignOutUserEverywhere(store::Database& db, const Actor& actor, std::int64_t user_id) {
  RequireAdmin(actor, "sign other people out");
  store::Transaction tx = db.Begin();
  if (!store::UserRepository(tx).Find(user_id)) {
    throw NotFound("user " + std::to_string(user_id) + " does not exist");
  }
  const std::vector<std::string> ended = store::SignInRepository(tx).DeleteSessionsOf(user_id);
  store::AuditLog(tx).Append(
      {.actor_user_id = actor.user_id,
       .actor = actor.label,
       .action = "user.sign_out_everywhere",
       .entity = "user",
       .entity_id = user_id,
       .after_json = nlohmann::json{{"sessions_ended", ended.size()}}.dump()});
  tx.Commit();
  Cache().EraseUser(db.instance_id(), user_id);
  return static_cast<int>(ended.size());
}

int SignOutEverywhere(store::Database& db, const Actor& actor) {
  if (!actor.user_id) throw Error(ErrorCode::kUnauthenticated, "sign in first");
  store::Transaction tx = db.Begin();
  const std::vector<std::string> ended =
      store::SignInRepository(tx).DeleteSessionsOf(*actor.user_id);
  store::AuditLog(tx).Append(
      {.actor_user_id = actor.user_id,
       .actor = actor.label,
       .action = "user.sign_out_everywhere",
       .entity = "user",
       .entity_id = actor.user_id,
       .after_json = nlohmann::json{{"sessions_ended", ended.size()}}.dump()});
  tx.Commit();
  Cache().EraseUser(db.instance_id(), *actor.user_id);
  return static_cast<int>(ended.size());
}

SessionGrant SignIn(store::Database& db, const std::string& email, const std::string& password,
                    const std::string& remote_address, const SignInLimits& limits) {
  const std::string who = AttemptEmail(email);
  const std::string address = remote_address.substr(0, 100);
  const SysSeconds now = db.clock().Now();
  const std::string since = Format(now - seconds(limits.window_seconds));
  // 1. Throttle, and record the attempt as a failure before the (slow) check,
  //    so that concurrent guesses all count.
  std::int64_t attempt = 0;
  std::size_t failures_before = 0;
  std::optional<store::UserCredentials> account;
  {
    store::Transaction tx = db.Begin();
    store::SignInRepository sign_ins(tx);
    const auto per_account = LockedForMinutes(
        sign_ins.RecentFailuresForEmail(who, since, limits.max_failures_per_account + 100),
        limits.max_failures_per_account, limits.window_seconds, now);
    const auto per_address = LockedForMinutes(
        sign_ins.RecentFailuresFromAddress(address, since, limits.max_failures_per_address + 100),
        limits.max_failures_per_address, limits.window_seconds, now);
    if (per_account || per_address) {
      tx.Commit();
      const long long minutes = std::max(per_account.value_or(0), per_address.value_or(0));
      throw Error(ErrorCode::kPermissionDenied, "too many sign-in attempts; try again in " +
                                                    std::to_string(minutes) +
                                                    (minutes == 1 ? " minute" : " minutes"));
    }
    failures_before =
        sign_ins.RecentFailuresForEmail(who, since, limits.max_failures_per_account + 100).size();
    attempt = sign_ins.RecordAttempt(who, address, Format(now), false, false);
    if (password.size() <= 4096) account = store::UserRepository(tx).FindByEmail(who);
    tx.Commit();
  }
  // 2. Check the password outside any transaction (it takes tens of milliseconds).
  const bool has_password = account && !account->password_hash.empty();
  const bool ok = VerifyPassword(has_password ? account->password_hash : DummyHash(), password);
  if (!ok || !has_password) {
    if (account) {  // unknown addresses stay in login_attempts only
      store::Transaction tx = db.Begin();
      AuditSignIn(tx, "user.sign_in_failed", account->user.id, address,
                  static_cast<int>(failures_before) + 1 >= limits.max_failures_per_account);
      tx.Commit();
    }
    throw Error(ErrorCode::kUnauthenticated, kWrongCredentials);
  }
  if (account->user.disabled) {
    throw Error(ErrorCode::kPermissionDenied,
                "this account is disabled; ask an administrator to enable it");
  }
  // 3. Open the session.
  store::Transaction tx = db.Begin();
  store::SignInRepository sign_ins(tx);
  sign_ins.MarkAttemptSucceeded(attempt);
  SessionGrant grant = OpenSession(tx, account->user, limits.session_seconds);
  AuditSignIn(tx, "user.sign_in", account->user.id, address, false);
  tx.Commit();
  return grant;
}

PurgedSignIns PurgeExpiredSignIns(store::Database& db) {
  store::Transaction tx = db.Begin();
  store::SignInRepository sign_ins(tx);
  PurgedSignIns purged;
  purged.sessions = sign_ins.DeleteExpiredSessions(tx.now_text());
  purged.attempts = sign_ins.DeleteAttemptsBefore(Format(tx.now() - kAttemptRetention));
  tx.Commit();
  return purged;
}

void SignOut(store::Database& db, const std::string& token) {
  if (!WellFormedToken(token)) return;
  const std::string hash = TokenHash(token);
  Cache().Erase(SessionCache::Key(db.instance_id(), hash));
  store::Transaction tx = db.Begin();
  store::SignInRepository sign_ins(tx);
  if (const auto found = sign_ins.FindSession(hash)) {
    sign_ins.DeleteSession(hash);
    AuditSignIn(tx, "user.sign_out", found->second.id, "", false);
  }
  tx.Commit();
}

std::optional<SessionInfo> Authenticate(store::Database& db, const std::string& token) {
  if (!WellFormedToken(token)) return std::nullopt;
  const std::string hash = TokenHash(token);
  const std::string key = SessionCache::Key(db.instance_id(), hash);
  const SysSeconds now = db.clock().Now();
  if (auto hit = Cache().Get(key, now)) {
    if (!hit->info) return std::nullopt;
    if (now < hit->expires && now < hit->extend_at) return hit->info;
  }
  SessionCache::Entry entry;
  entry.stale_at = now + SessionCache::kTtl;
  const std::uint64_t epoch = Cache().Epoch();
  std::optional<std::pair<store::StoredSession, User>> found;
  {
    store::Transaction tx = db.Begin(false);
    found = store::SignInRepository(tx).FindSession(hash);
    tx.Commit();
  }
  const seconds max_age = kMaxSessionAge;
  if (found && !found->second.disabled && now < StoredTime(found->first.expires_at) &&
      now < StoredTime(found->first.created_at) + max_age) {
    auto& [session, user] = *found;
    SysSeconds expires = StoredTime(session.expires_at);
    const seconds idle(session.idle_seconds);
    const SysSeconds end_of_life = StoredTime(session.created_at) + max_age;
    if (expires - now < idle / 2 && expires < end_of_life) {  // more than half used: slide it
      expires = std::min(now + idle, end_of_life);
      session.expires_at = Format(expires);
      store::Transaction tx = db.Begin();
      store::SignInRepository(tx).ExtendSession(hash, session.expires_at, Format(now));
      tx.Commit();
    }
    entry.info = SessionInfo{Actor::User(user.id, user.is_admin), user, session.csrf_token,
                             session.expires_at};
    entry.expires = expires;
    // At the end of its life a session slides no more: no need to re-read.
    entry.extend_at = expires >= end_of_life ? expires : expires - idle / 2;
  }
  Cache().Put(key, entry, now, epoch);
  return entry.info;
}

InvitationInfo LookUpInvitation(store::Database& db, const std::string& token) {
  store::Transaction tx = db.Begin(false);
  const auto t = LiveToken(tx, token, "invitation");
  if (!t || !t->enrollment_id) throw NotFound(kBadInvitation);
  const auto user = store::UserRepository(tx).Find(t->user_id);
  const auto enrollment = store::EnrollmentRepository(tx).Find(*t->enrollment_id);
  if (!user || !enrollment) throw NotFound(kBadInvitation);
  const auto program = store::ProgramRepository(tx).Find(enrollment->program_id);
  if (!program) throw NotFound(kBadInvitation);
  tx.Commit();
  InvitationInfo info;
  info.email = user->email;
  info.name = user->name;
  info.program_id = program->id;
  info.program_name = program->name;
  info.role = enrollment->role;
  info.needs_password = !user->has_password;
  info.expires_at = t->expires_at;
  return info;
}

SessionGrant AcceptInvitation(store::Database& db, const std::string& token,
                              const std::string& password, const std::string& remote_address) {
  // Read what the token is for, then hash or check the password outside the
  // write transaction, then use the token (once) and activate.
  std::optional<store::UserCredentials> account;
  {
    store::Transaction tx = db.Begin(false);
    const auto t = LiveToken(tx, token, "invitation");
    if (!t) throw NotFound(kBadInvitation);
    store::UserRepository users(tx);
    account = users.FindCredentials(t->user_id);
    const auto enrollment =
        t->enrollment_id ? store::EnrollmentRepository(tx).Find(*t->enrollment_id) : std::nullopt;
    const auto program =
        enrollment ? store::ProgramRepository(tx).Find(enrollment->program_id) : std::nullopt;
    if (program) RequireOpen(*program);
    if (account && account->password_hash.empty() && enrollment) {
      // The inviter may have seen this link. It may choose the password only
      // while the account is theirs to give: used by no other program.
      if (enrollment &&
          !users.EditableBy(enrollment->program_id, {account->user.id}).count(account->user.id)) {
        throw Error(ErrorCode::kFailedPrecondition,
                    "this account is used by another program too, so an invitation link cannot "
                    "choose its password: choose it with \"Forgot your password?\" (the link goes "
                    "to " +
                        account->user.email + "), then open this invitation again",
                    "password");
      }
    }
    tx.Commit();
  }
  if (!account) throw NotFound(kBadInvitation);
  if (account->user.disabled) {
    throw Error(ErrorCode::kPermissionDenied,
                "this account is disabled; ask an administrator to enable it");
  }
  std::string new_hash;
  if (account->password_hash.empty()) {
    ValidatePassword(password, account->user.email);
    new_hash = HashPassword(password);
  } else {
    // An existing account proves it is theirs with the current password;
    // guesses count towards the account's sign-in throttling.
    const SignInLimits limits;
    const SysSeconds now = db.clock().Now();
    std::int64_t attempt = 0;
    {
      store::Transaction tx = db.Begin();
      store::SignInRepository sign_ins(tx);
      if (LockedForMinutes(sign_ins.RecentFailuresForEmail(
                               account->user.email, Format(now - seconds(limits.window_seconds)),
                               limits.max_failures_per_account + 100),
                           limits.max_failures_per_account, limits.window_seconds, now)) {
        throw Error(ErrorCode::kPermissionDenied,
                    "too many sign-in attempts; try again in a few minutes");
      }
      attempt = sign_ins.RecordAttempt(account->user.email, remote_address.substr(0, 100),
                                       Format(now), false, false);
      tx.Commit();
    }
    if (!VerifyPassword(account->password_hash, password)) {
      throw InvalidArgument(
          "this e-mail address already has an account: enter its current password", "password");
    }
    store::Transaction tx = db.Begin();
    store::SignInRepository(tx).MarkAttemptSucceeded(attempt);
    tx.Commit();
  }
  store::Transaction tx = db.Begin();
  const auto t = LiveToken(tx, token, "invitation");
  if (!t || !store::TokenRepository(tx).MarkUsed(t->id, tx.now_text())) {
    throw NotFound(kBadInvitation);
  }
  store::UserRepository users(tx);
  if (!new_hash.empty()) users.SetPasswordHash(account->user.id, new_hash);
  if (t->enrollment_id) {
    store::TokenRepository(tx).RevokeInvitationsTo(*t->enrollment_id, tx.now_text());
    store::EnrollmentRepository enrollments(tx);
    const auto before = enrollments.Find(*t->enrollment_id);
    if (before && before->status == EnrollmentStatus::kWithdrawn) {
      throw FailedPrecondition("this enrolment was withdrawn; ask the coordinator");
    }
    if (before && before->status != EnrollmentStatus::kActive) {
      enrollments.SetStatus(before->id, EnrollmentStatus::kActive);
      store::AuditLog(tx).Append(
          {.actor_user_id = account->user.id,
           .actor = "user:" + std::to_string(account->user.id),
           .action = "enrollment.accept",
           .entity = "enrollment",
           .entity_id = before->id,
           .program_id = before->program_id,
           .before_json = nlohmann::json{{"status", EnrollmentStatusName(before->status)}}.dump(),
           .after_json = nlohmann::json{{"status", "active"}}.dump()});
    }
  }
  const User user = *users.Find(account->user.id);
  SessionGrant grant = OpenSession(tx, user, SignInLimits{}.session_seconds);
  tx.Commit();
  return grant;
}

void RequestPasswordReset(store::Database& db, const std::string& email) {
  std::string normalized;
  try {
    normalized = NormalizeEmail(email);
  } catch (const Error&) {
    return;  // same answer as for an unknown address
  }
  const SysSeconds now = db.clock().Now();
  store::Transaction tx = db.Begin();
  const auto account = store::UserRepository(tx).FindByEmail(normalized);
  if (!account || account->user.disabled) return;  // rolled back: nothing written
  store::TokenRepository tokens(tx);
  if (tokens.CountLive(account->user.id, "password_reset", Format(now)) >= kMaxLiveResets) return;
  const std::string token = RandomToken();
  tokens.Insert({.token_hash = TokenHash(token),
                 .kind = "password_reset",
                 .user_id = account->user.id,
                 .created_at = Format(now),
                 .expires_at = Format(now + kResetValidity)});
  const std::string link = PublicBaseUrl() + "/reset-password/" + token;
  const notify::Message message = notify::PasswordResetMessage(account->user.name, link);
  store::Outbox(tx).Add({.to_address = account->user.email,
                         .subject = message.subject,
                         .body = message.body,
                         .kind = "password_reset"});
  tx.Commit();
}

void ResetPassword(store::Database& db, const std::string& token, const std::string& password) {
  std::optional<User> user;
  {
    store::Transaction tx = db.Begin(false);
    const auto t = LiveToken(tx, token, "password_reset");
    if (!t) throw NotFound(kBadReset);
    user = store::UserRepository(tx).Find(t->user_id);
    tx.Commit();
  }
  if (!user) throw NotFound(kBadReset);
  ValidatePassword(password, user->email);
  const std::string hash = HashPassword(password);
  store::Transaction tx = db.Begin();
  const auto t = LiveToken(tx, token, "password_reset");
  const std::string now = tx.now_text();
  if (!t || !store::TokenRepository(tx).MarkUsed(t->id, now)) throw NotFound(kBadReset);
  store::UserRepository(tx).SetPasswordHash(user->id, hash);
  store::TokenRepository(tx).RevokeUnused(user->id, "password_reset", now);
  store::SignInRepository sign_ins(tx);
  // The link proved the mailbox: earlier failed guesses no longer lock the
  // account (someone could otherwise keep its owner out for good).
  sign_ins.RecordAttempt(user->email, "password-reset", now, true, false);
  const std::vector<std::string> ended = sign_ins.DeleteSessionsOf(user->id);
  store::AuditLog(tx).Append(
      {.actor_user_id = user->id,
       .actor = "user:" + std::to_string(user->id),
       .action = "user.password_reset",
       .entity = "user",
       .entity_id = user->id,
       .after_json = nlohmann::json{{"sessions_ended", ended.size()}}.dump()});
  tx.Commit();
  Cache().EraseUser(db.instance_id(), user->id);
}

std::vector<OutboxMessage> ListOutbox(store::Database& db, const Actor& actor, int limit) {
  RequireAdmin(actor, "read the outbox");
  store::Transaction tx = db.Begin(false);
  std::vector<OutboxMessage> out;
  for (store::OutboxEntry& e : store::Outbox(tx).List(limit)) {
    out.push_back({e.id, std::move(e.to_address), std::move(e.subject), std::move(e.body),
                   std::move(e.kind), std::move(e.created_at), std::move(e.sent_at)});
  }
  tx.Commit();
  return out;
}

namespace internal {

std::string UserJson(const User& u) {
  return nlohmann::json{{"id", u.id},
                        {"email", u.email},
                        {"name", u.name},
                        {"is_admin", u.is_admin},
                        {"disabled", u.disabled},
                        {"has_password", u.has_password}}
      .dump();
}

}  // namespace internal

}  // namespace tandem::service
