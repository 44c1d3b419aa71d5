// Use cases on accounts: users, sign-in sessions with CSRF tokens, login
// throttling, invitations, password reset, and the outbox of messages that
// e-mail sending (a later module) will deliver. Passwords are hashed with
// argon2id (libsodium); tokens are random and stored only as hashes.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/participant.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

struct NewUser {
  std::string email;
  std::string name;
  std::string password;  // checked by ValidatePassword
  bool is_admin = false;
};

// Creates a user with a password. Only admins (and the command line) may.
// Throws tandem::Error: kInvalidArgument naming the field, kConflict when the
// e-mail is taken, kPermissionDenied.
User CreateUser(store::Database& db, const Actor& actor, const NewUser& user);

// Every user, by id; with `search` not empty, those whose name or e-mail
// contains it (ignoring case). Admins only.
std::vector<User> ListUsers(store::Database& db, const Actor& actor,
                            const std::string& search = "");

// What UpdateUser changes; fields left empty stay as they are.
struct UserChange {
  std::optional<bool> disabled;
  std::optional<bool> is_admin;
};

// Changes an account's state in one transaction: disabling (or enabling)
// as SetUserDisabled, and granting or removing admin rights (audited as
// "user.grant_admin" / "user.revoke_admin"; the change applies to the
// user's open sessions at once). Admin (or the command line); an admin can
// neither disable themselves nor remove their own admin rights. Throws
// kInvalidArgument when `change` is empty, kNotFound, kPermissionDenied,
// kFailedPrecondition (themselves).
User UpdateUser(store::Database& db, const Actor& actor, std::int64_t user_id,
                const UserChange& change);

// Disables (or enables again) an account: a disabled user cannot sign in,
// their sessions end at once and their unused links are void. Admin (or the
// command line); an admin cannot disable themselves. Audited as
// "user.disable" / "user.enable"; unchanged, nothing is written. Throws
// kNotFound, kPermissionDenied, kFailedPrecondition (themselves).
User SetUserDisabled(store::Database& db, const Actor& actor, std::int64_t user_id, bool disabled);

// Ends every session of the signed-in user, this one included ("sign out
// everywhere", e.g. after using a shared computer). Audited. Returns how
// many ended.
int SignOutEverywhere(store::Database& db, const Actor& actor);

// Ends every session of user `user_id` (an admin signing someone out
// everywhere, e.g. after a lost laptop). Admins only. Audited as
// "user.sign_out_everywhere" by the admin. Returns how many ended. Throws
// kNotFound, kPermissionDenied.
int SignOutUserEverywhere(store::Database& db, const Actor& actor, std::int64_t user_id);

struct SessionGrant {
  std::string token;       // the cookie value (shown once; stored hashed)
  std::string csrf_token;  // to send back in X-CSRF-Token on every change
  User user;
  std::string expires_at;  // UTC
};

struct SignInLimits {
  int max_failures_per_account = 5;   // within the window, then locked out
  int max_failures_per_address = 20;  // per remote address, within the window
  int window_seconds = 15 * 60;
  int session_seconds = 12 * 60 * 60;  // idle sessions expire after this
};

// Checks e-mail and password and opens a session. Throws
// tandem::Error(kUnauthenticated) with one message for any wrong e-mail or
// password (no hint which), and kPermissionDenied ("too many attempts, try
// again in N minutes") when the account or `remote_address` is throttled; a
// disabled user cannot sign in. Every attempt that is checked is recorded
// (refused ones are not, so that refusals cost no writes); the audit log
// gets "user.sign_in" and, for an existing account, "user.sign_in_failed"
// (with "locked": true on the failure that locks it), with the address.
// A password reset lifts the account's lock. However often it is used, a
// session ends 30 days after sign-in.
SessionGrant SignIn(store::Database& db, const std::string& email, const std::string& password,
                    const std::string& remote_address, const SignInLimits& limits = {});

// Ends the session with this cookie token (no error when unknown).
void SignOut(store::Database& db, const std::string& token);

struct SessionInfo {
  Actor actor;
  User user;
  std::string csrf_token;
  std::string expires_at;
};

// The live session for a cookie token, extending its expiry when more than
// half used; nullopt when unknown, expired, or the user is disabled.
// Thread-safe; cheap enough to call on every request (cached briefly in
// memory; SignOut in this process takes effect at once).
std::optional<SessionInfo> Authenticate(store::Database& db, const std::string& token);

struct InvitationInfo {
  std::string email;
  std::string name;
  std::int64_t program_id = 0;
  std::string program_name;
  Role role = Role::kMentee;
  bool needs_password = true;  // false when the user already has one
  std::string expires_at;
};

// What an invitation link is for, without using it. Throws kNotFound for an
// unknown, used or expired token (one message for all three).
InvitationInfo LookUpInvitation(store::Database& db, const std::string& token);

// Uses an invitation: sets the password (required when the user has none;
// otherwise must be the current password), activates the enrollment, and
// signs the person in. One-time: the token is spent. Throws kNotFound as
// above, kInvalidArgument (field "password").
SessionGrant AcceptInvitation(store::Database& db, const std::string& token,
                              const std::string& password, const std::string& remote_address);

// Starts a password reset: when `email` belongs to an active user, writes a
// message with a one-time link (valid 1 hour) to the outbox. Always succeeds
// the same way, so it does not reveal who has an account.
void RequestPasswordReset(store::Database& db, const std::string& email);

// Sets a new password with a reset token (one-time) and ends every session of
// the user. Throws kNotFound for an unknown/used/expired token,
// kInvalidArgument (field "password").
void ResetPassword(store::Database& db, const std::string& token, const std::string& password);

// A message waiting to be sent (or kept for an admin to read until sending
// lands).
struct OutboxMessage {
  std::int64_t id = 0;
  std::string to;
  std::string subject;
  std::string body;  // plain text, may contain a one-time link
  std::string kind;  // "invitation", "password_reset", "introduction", "meeting", ...
  std::string created_at;
  std::string sent_at;          // empty until sent
  std::string attachment_name;  // "invitation.ics", or empty
  std::string status;           // queued, sent, failed, kept
  int attempts = 0;
  std::string last_error;  // why it has not gone (yet)
};

// The outbox, newest first. Admins only.
std::vector<OutboxMessage> ListOutbox(store::Database& db, const Actor& actor, int limit = 100);

// The base of links written into messages, e.g. "http://127.0.0.1:8080".
// Set once at start-up (tandem serve); default "http://127.0.0.1:8080".
void SetPublicBaseUrl(const std::string& url);
const std::string& PublicBaseUrl();

// What PurgeExpiredSignIns removed.
struct PurgedSignIns {
  int sessions = 0;  // expired sessions
  int attempts = 0;  // sign-in attempts older than the 7 days throttling looks at
};
// Deletes expired sessions and sign-in attempts older than throttling's
// 7-day retention, as of the database clock's now (the daily
// "purge_sign_ins" job). Throws tandem::Error(kUnavailable) when the database
// is unreachable.
PurgedSignIns PurgeExpiredSignIns(store::Database& db);

// Hashes a password with argon2id (libsodium crypto_pwhash_str, OPSLIMIT and
// MEMLIMIT_INTERACTIVE: about 85 ms and 64 MiB; docs/accounts.md) for
// users.password_hash. At most a few hashes run at once (the others wait),
// so that sign-in bursts cannot exhaust memory. Thread-safe.
std::string HashPassword(const std::string& password);

}  // namespace tandem::service
