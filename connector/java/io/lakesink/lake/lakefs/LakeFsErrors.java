package io.lakesink.lake.lakefs;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import io.lakefs.clients.sdk.ApiException;
import io.lakesink.lake.LakeConflictException;
import io.lakesink.lake.LakeException;
import io.lakesink.lake.LakeInvalidArgumentException;
import io.lakesink.lake.LakeNotFoundException;
import io.lakesink.lake.LakePreconditionFailedException;

/**
 * Turns a failed lakeFS call into the lake's typed errors, keeping the server's own message (lakeFS answers
 * errors as {@code {"message": ...}}) so an operator reads what lakeFS said.
 */
final class LakeFsErrors {
    /** {@code graveler.ErrRevertMergeNoParent} (lakeFS 1.53.1, {@code pkg/graveler/errors.go}). */
    static final String REVERT_MERGE_NO_PARENT = "must specify 1-based parent number for reverting merge commit";
    private final String endpoint;
    private final String accessKeyId;

    LakeFsErrors(String endpoint, String accessKeyId) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
    }

    /** The typed error for a failed call; {@code what} says what was being done, e.g. "commit on branch 'x'". */
    LakeException toLakeException(String what, ApiException e) {
        int status = e.getCode();
        if (status == 0) {
            return new LakeFsUnavailableException("lakeFS at " + endpoint + " did not answer to " + what + ": "
                    + e.getCause() + "; it may be down or slow, the call is retryable", 0, e);
        }
        String server = serverMessage(e);
        String message = what + ": " + server;
        if (status == 400 && isDirtyBranch(server)) {
            // lakeFS answers 400 for a branch with uncommitted changes; the lake interface calls that a conflict
            // with the branch's state, which is what the caller has to resolve (commit or reset first).
            return new LakeConflictException(what + ": the branch has uncommitted changes; commit or reset them first"
                    + " (lakeFS: " + server + ")");
        }
        String linkRefusal = status == 400 ? LinkAddresses.refusalReason(server) : null;
        if (linkRefusal != null) {
            return new LakeInvalidArgumentException("lakeFS refused to " + what + ": " + linkRefusal + " (lakeFS: "
                    + server + ")");
        }
        if (status == 409 && server.startsWith(REVERT_MERGE_NO_PARENT)) {
            // lakeFS files this request error under conflicts (ErrRevertMergeNoParent); the lake interface calls it
            // what it is, an invalid argument, and no paths conflict
            return new LakeInvalidArgumentException(what + ": the commit is a merge; give the parent number to revert"
                    + " it against (lakeFS: " + server + ")");
        }
        return switch (status) {
            case 400, 422 -> new LakeInvalidArgumentException(message);
            case 401 -> new LakeFsAuthenticationException(what + ": lakeFS at " + endpoint + " did not accept the"
                    + " credentials of access key id '" + accessKeyId + "' (401: " + server + "); check the access key"
                    + " id and secret access key", status);
            case 403 -> new LakeFsAuthenticationException(what + ": the lakeFS user of access key id '" + accessKeyId
                    + "' is not allowed to do this (403: " + server + "); check the user's policies, or whether the"
                    + " branch is protected", status);
            case 404 -> new LakeNotFoundException(message);
            // a merge conflict is answered with the MergeResult model (an empty reference), not an error message
            case 409 -> new LakeConflictException(isMergeResult(e) ? what + ": conflict found" : message);
            case 412 -> new LakePreconditionFailedException(message);
            default -> status == 429 || status >= 500
                    ? new LakeFsUnavailableException(message + " (HTTP " + status + ", retryable)", status, e)
                    : new LakeInvalidArgumentException(message + " (HTTP " + status + ")");
        };
    }

    /** The SDK could not read the server's answer (it throws unchecked for a response missing required fields). */
    LakeException unreadableAnswer(String what, RuntimeException e) {
        return new LakeFsProtocolException(what + ": lakeFS at " + endpoint + " answered something the lakeFS SDK"
                + " cannot read (" + e.getMessage() + "); check that the server's version matches the SDK's", e);
    }

    /** lakeFS's {@code message}, or the raw body, or the HTTP reason when there is no body. */
    static String serverMessage(ApiException e) {
        String body = e.getResponseBody();
        if (body != null && !body.isBlank()) {
            try {
                JsonElement json = JsonParser.parseString(body);
                if (json.isJsonObject() && json.getAsJsonObject().has("message")
                        && json.getAsJsonObject().get("message").isJsonPrimitive()) {
                    return json.getAsJsonObject().get("message").getAsString();
                }
            } catch (JsonSyntaxException notJson) {
                // a proxy's HTML error page, say: show it as it is
            }
            return body.length() > 500 ? body.substring(0, 500) + "..." : body.strip();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + e.getCode() : e.getMessage();
    }

    private static boolean isMergeResult(ApiException e) {
        String body = e.getResponseBody();
        try {
            JsonElement json = body == null || body.isBlank() ? null : JsonParser.parseString(body);
            return json != null && json.isJsonObject() && json.getAsJsonObject().has("reference")
                    && !json.getAsJsonObject().has("message");
        } catch (JsonSyntaxException notJson) {
            return false;
        }
    }

    private static boolean isDirtyBranch(String serverMessage) {
        String m = serverMessage.toLowerCase(java.util.Locale.ROOT);
        return m.contains("dirty branch") || m.contains("uncommitted changes");
    }
}
