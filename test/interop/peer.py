"""Drives the Python queue clients for the interop tests: the reference QueueService
(azure.multiapi.storage.v2018_11_09.queue) and the modern QueueClient (azure.storage.queue).

Usage: python3 peer.py '{"endpoint": "http://127.0.0.1:PORT/devstoreaccount1", "accountName": ..., "accountKey": ...}'

Then one JSON command per line on stdin, one JSON answer per line on stdout, in order:
  {"sdk": "reference" | "modern", "op": "info" | "createQueue" | "put" | "get" | "peek" | "update" | "delete",
   "format": "textXml" | "textBase64" | "binaryBase64" | "none", "queue": ..., "encryption": {...}?, ...}
  {"sdk": "reference" | "modern", "op": "encryptFixed", "text": str, "encryption": {...}, "randoms": [base64, ...]}
  {"sdk": "xml", "op": "parseMessageText", "xml": "<QueueMessage>...</QueueMessage>"}
  -> {"ok": true, "result": ...} or {"ok": false, "error": {"type", "message", "status", "causes"}}

Contents travel as {"text": str} or {"bytes": base64 str}, so bytes and any Unicode text survive JSON.

"encryption" turns on the SDK's client-side encryption for that one command:
  {"kek": {"type": "aes", "kid": str, "key": base64 of 32 bytes} | {"type": "rsa", "kid": str, "pkcs8": base64 DER},
   "version": "1.0" | "2.0" (the modern client's encryption_version; the reference writes 1.0 only),
   "require": bool (require_encryption), "resolver": bool (key_resolver_function instead of key_encryption_key)}
encryptFixed answers the envelope the SDK's own queue-message encryption makes when os.urandom returns "randoms"
in turn (content key, then IV or nonce), for known-answer comparisons.
"""

import base64
import json
import os
import sys
import traceback
from xml.etree import ElementTree

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap

from azure.multiapi.storage.v2018_11_09.common.retry import no_retry
from azure.multiapi.storage.v2018_11_09.queue import QueueService, QueueMessageFormat
from azure.multiapi.storage.v2018_11_09.queue import _constants as reference_constants
from azure.multiapi.storage.v2018_11_09.queue import _encryption as reference_encryption
import azure.storage.queue as modern
from azure.storage.queue import (
    QueueClient,
    TextBase64EncodePolicy,
    TextBase64DecodePolicy,
    BinaryBase64EncodePolicy,
    BinaryBase64DecodePolicy,
)
from azure.storage.queue import _encryption as modern_encryption

REFERENCE_FORMATS = {
    "textXml": (QueueMessageFormat.text_xmlencode, QueueMessageFormat.text_xmldecode),
    "textBase64": (QueueMessageFormat.text_base64encode, QueueMessageFormat.text_base64decode),
    "binaryBase64": (QueueMessageFormat.binary_base64encode, QueueMessageFormat.binary_base64decode),
    "none": (QueueMessageFormat.noencode, QueueMessageFormat.nodecode),
}

# "none" is the modern client's default: no policies given at all, which is how its users store text as is.
MODERN_FORMATS = {
    "textBase64": lambda: {"message_encode_policy": TextBase64EncodePolicy(),
                           "message_decode_policy": TextBase64DecodePolicy()},
    "binaryBase64": lambda: {"message_encode_policy": BinaryBase64EncodePolicy(),
                             "message_decode_policy": BinaryBase64DecodePolicy()},
    "none": lambda: {},
}


OPERATIONS = {"info", "createQueue", "put", "get", "peek", "update", "delete", "encryptFixed", "parseMessageText"}

# Both SDKs call wrap_key, unwrap_key, get_key_wrap_algorithm and get_kid on a key-encryption key and ship none;
# these two are what azqueue's AesKeyWrapKey and RsaOaepKey claim to be, written with cryptography.
A256KW = "A256KW"
RSA_OAEP = "RSA-OAEP"
# "RSA-OAEP" in JWA terms is OAEP with SHA-1 for both the label hash and MGF1.
OAEP_SHA1 = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)


class AesKeyWrapKey:
    def __init__(self, kid, key):
        if len(key) != 32:
            raise ValueError("an A256KW key is 32 bytes, not {}".format(len(key)))
        self.kid = kid
        self.key = key

    def wrap_key(self, key):
        return aes_key_wrap(self.key, key)

    def unwrap_key(self, key, algorithm):
        if algorithm != A256KW:
            raise ValueError("unknown key wrap algorithm " + repr(algorithm))
        return aes_key_unwrap(self.key, key)

    def get_key_wrap_algorithm(self):
        return A256KW

    def get_kid(self):
        return self.kid


class RsaOaepKey:
    def __init__(self, kid, pkcs8):
        self.kid = kid
        self.private_key = serialization.load_der_private_key(pkcs8, password=None)

    def wrap_key(self, key):
        return self.private_key.public_key().encrypt(key, OAEP_SHA1)

    def unwrap_key(self, key, algorithm):
        if algorithm != RSA_OAEP:
            raise ValueError("unknown key wrap algorithm " + repr(algorithm))
        return self.private_key.decrypt(key, OAEP_SHA1)

    def get_key_wrap_algorithm(self):
        return RSA_OAEP

    def get_kid(self):
        return self.kid


def kek_from_json(value):
    if value["type"] == "aes":
        return AesKeyWrapKey(value["kid"], base64.b64decode(value["key"]))
    if value["type"] == "rsa":
        return RsaOaepKey(value["kid"], base64.b64decode(value["pkcs8"]))
    raise ValueError("unknown key type " + repr(value["type"]))


class Encryption:
    """A command's "encryption", as the fields both SDKs take; all off when the command has none."""

    def __init__(self, value):
        value = value or {}
        kek = kek_from_json(value["kek"]) if "kek" in value else None
        self.require_encryption = bool(value.get("require", False))
        self.version = value.get("version")
        if value.get("resolver"):
            self.key_encryption_key = None
            # Like a key vault's resolver: the one key it holds, or None for any other kid.
            self.key_resolver_function = lambda kid: kek if kek is not None and kid == kek.get_kid() else None
        else:
            self.key_encryption_key = kek
            self.key_resolver_function = None

    def reference_version(self):
        # The reference has no version setting; refusing another keeps a test from believing it wrote 2.0.
        if self.version not in (None, "1.0"):
            raise ValueError("the reference QueueService writes protocol 1.0 only, not " + repr(self.version))


class FixedRandom:
    """Stands in for os.urandom: hands out the given byte strings in order, each only for a request of its length."""

    def __init__(self, randoms):
        self.randoms = [base64.b64decode(r) for r in randoms]

    def __call__(self, length):
        if not self.randoms:
            raise AssertionError("os.urandom({}) called after every fixed value was used".format(length))
        value = self.randoms.pop(0)
        if len(value) != length:
            raise AssertionError("os.urandom({}) called where a fixed value of {} bytes was next".format(
                length, len(value)))
        return value

    def run(self, encrypt):
        # Both SDKs call os.urandom through the os module, so replacing the attribute reaches them; this process
        # runs one command at a time, so nothing else sees the fixed bytes.
        real = os.urandom
        os.urandom = self
        try:
            envelope = encrypt()
        finally:
            os.urandom = real
        if self.randoms:
            raise AssertionError("{} fixed random values left unused".format(len(self.randoms)))
        return envelope


def content_from_json(value):
    if "bytes" in value:
        return base64.b64decode(value["bytes"])
    return value["text"]


def content_to_json(content):
    if isinstance(content, (bytes, bytearray)):
        return {"bytes": base64.b64encode(content).decode("ascii")}
    return {"text": content}


def iso(moment):
    return moment.isoformat() if moment is not None else None


class ReferencePeer:
    def __init__(self, account):
        connection_string = "DefaultEndpointsProtocol=http;AccountName={};AccountKey={};QueueEndpoint={};".format(
            account["accountName"], account["accountKey"], account["endpoint"])
        self.service = QueueService(connection_string=connection_string)
        # Its default policy retries any failure to read a 200 response (a decryption refusal included) after 15 s
        # and more, and a retried Get Messages dequeues again; a test wants the first answer.
        self.service.retry = no_retry

    def use(self, command):
        encode, decode = REFERENCE_FORMATS[command.get("format", "textXml")]
        self.service.encode_function = encode
        self.service.decode_function = decode
        # The service object is shared by every command, so a command without "encryption" turns it off.
        encryption = Encryption(command.get("encryption"))
        encryption.reference_version()
        self.service.key_encryption_key = encryption.key_encryption_key
        self.service.key_resolver_function = encryption.key_resolver_function
        self.service.require_encryption = encryption.require_encryption

    @staticmethod
    def message(message):
        return {
            "id": message.id,
            "insertionTime": iso(message.insertion_time),
            "expirationTime": iso(message.expiration_time),
            "dequeueCount": message.dequeue_count,
            "popReceipt": message.pop_receipt,
            "timeNextVisible": iso(message.time_next_visible),
            "content": content_to_json(message.content) if message.content is not None else None,
        }

    def info(self, _command):
        return {"sdk": "azure-multiapi-storage v2018_11_09 QueueService",
                "xMsVersion": reference_constants.X_MS_VERSION}

    def createQueue(self, command):
        return self.service.create_queue(command["queue"])

    def put(self, command):
        self.use(command)
        put = self.service.put_message(command["queue"], content_from_json(command["content"]))
        return self.message(put)

    def get(self, command):
        self.use(command)
        kwargs = {"num_messages": command.get("numMessages", 1)}
        if "visibilityTimeout" in command:
            kwargs["visibility_timeout"] = command["visibilityTimeout"]
        return [self.message(m) for m in self.service.get_messages(command["queue"], **kwargs)]

    def peek(self, command):
        self.use(command)
        messages = self.service.peek_messages(command["queue"], num_messages=command.get("numMessages", 1))
        return [self.message(m) for m in messages]

    def update(self, command):
        self.use(command)
        content = content_from_json(command["content"]) if "content" in command else None
        updated = self.service.update_message(command["queue"], command["id"], command["popReceipt"],
                                              command["visibilityTimeout"], content=content)
        return {"popReceipt": updated.pop_receipt, "timeNextVisible": iso(updated.time_next_visible)}

    def delete(self, command):
        self.service.delete_message(command["queue"], command["id"], command["popReceipt"])
        return True

    def encryptFixed(self, command):
        encryption = Encryption(command["encryption"])
        encryption.reference_version()
        return FixedRandom(command["randoms"]).run(
            lambda: reference_encryption._encrypt_queue_message(command["text"], encryption.key_encryption_key))


class ModernPeer:
    def __init__(self, account):
        self.connection_string = "DefaultEndpointsProtocol=http;AccountName={};AccountKey={};QueueEndpoint={};".format(
            account["accountName"], account["accountKey"], account["endpoint"])

    def client(self, command):
        kwargs = MODERN_FORMATS[command.get("format", "none")]()
        if "encryption" in command:
            encryption = Encryption(command["encryption"])
            kwargs.update(key_encryption_key=encryption.key_encryption_key,
                          key_resolver_function=encryption.key_resolver_function,
                          require_encryption=encryption.require_encryption)
            if encryption.version is not None:
                kwargs["encryption_version"] = encryption.version
        return QueueClient.from_connection_string(self.connection_string, command["queue"], **kwargs)

    @staticmethod
    def message(message):
        return {
            "id": message.id,
            "insertionTime": iso(message.inserted_on),
            "expirationTime": iso(message.expires_on),
            "dequeueCount": message.dequeue_count,
            "popReceipt": message.pop_receipt,
            "timeNextVisible": iso(message.next_visible_on),
            "content": content_to_json(message.content) if message.content is not None else None,
        }

    def info(self, _command):
        client = QueueClient.from_connection_string(self.connection_string, "info")
        return {"sdk": "azure-storage-queue " + modern.__version__, "xMsVersion": client.api_version}

    def createQueue(self, command):
        self.client(command).create_queue()
        return True

    def put(self, command):
        return self.message(self.client(command).send_message(content_from_json(command["content"])))

    def get(self, command):
        kwargs = {"messages_per_page": command.get("numMessages", 1)}
        if "visibilityTimeout" in command:
            kwargs["visibility_timeout"] = command["visibilityTimeout"]
        # One page is one Get Messages call; iterating the pager would keep calling until the queue is empty.
        page = next(self.client(command).receive_messages(**kwargs).by_page(), [])
        return [self.message(m) for m in page]

    def peek(self, command):
        messages = self.client(command).peek_messages(max_messages=command.get("numMessages", 1))
        return [self.message(m) for m in messages]

    def update(self, command):
        kwargs = {"visibility_timeout": command["visibilityTimeout"]}
        if "content" in command:
            kwargs["content"] = content_from_json(command["content"])
        updated = self.client(command).update_message(command["id"], command["popReceipt"], **kwargs)
        return {"popReceipt": updated.pop_receipt, "timeNextVisible": iso(updated.next_visible_on)}

    def delete(self, command):
        self.client(command).delete_message(command["id"], command["popReceipt"])
        return True

    def encryptFixed(self, command):
        encryption = Encryption(command["encryption"])
        # The client's own default, so a command without a version means what a user who sets none gets.
        version = encryption.version or "1.0"
        return FixedRandom(command["randoms"]).run(
            lambda: modern_encryption.encrypt_queue_message(command["text"], encryption.key_encryption_key, version))


class XmlPeer:
    """Python's own XML parser (expat, a conforming XML 1.0 parser), to show what a request body means to one."""

    def parseMessageText(self, command):
        return ElementTree.fromstring(command["xml"].encode("utf-8")).findtext("MessageText")


def first_line(error):
    return str(error).splitlines()[0] if str(error) else ""


def error_to_json(error):
    status = getattr(error, "status_code", None)
    if status is None:
        status = getattr(getattr(error, "response", None), "status_code", None)
    # Both SDKs re-raise a decryption failure as a generic error; the exceptions it was raised while handling say
    # which check refused the message.
    causes = []
    cause = error.__cause__ or error.__context__
    while cause is not None and len(causes) < 5:
        causes.append({"type": type(cause).__name__, "message": first_line(cause)})
        cause = cause.__cause__ or cause.__context__
    return {"type": type(error).__name__, "message": first_line(error), "status": status, "causes": causes}


def main():
    account = json.loads(sys.argv[1])
    peers = {"reference": ReferencePeer(account), "modern": ModernPeer(account), "xml": XmlPeer()}
    sys.stdin.reconfigure(encoding="utf-8")
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
            if command["op"] not in OPERATIONS:
                raise ValueError("unknown op " + repr(command["op"]))
            answer = {"ok": True, "result": getattr(peers[command["sdk"]], command["op"])(command)}
        except Exception as error:  # every failure goes back to the test as data
            traceback.print_exc(file=sys.stderr)
            answer = {"ok": False, "error": error_to_json(error)}
        sys.stdout.write(json.dumps(answer, ensure_ascii=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
