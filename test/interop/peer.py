"""Drives the Python queue clients for the interop tests: the reference QueueService
(azure.multiapi.storage.v2018_11_09.queue) and the modern QueueClient (azure.storage.queue).

Usage: python3 peer.py '{"endpoint": "http://127.0.0.1:PORT/devstoreaccount1", "accountName": ..., "accountKey": ...}'

Then one JSON command per line on stdin, one JSON answer per line on stdout, in order:
  {"sdk": "reference" | "modern", "op": "info" | "createQueue" | "put" | "get" | "peek" | "update" | "delete",
   "format": "textXml" | "textBase64" | "binaryBase64" | "none", "queue": ..., ...}
  {"sdk": "xml", "op": "parseMessageText", "xml": "<QueueMessage>...</QueueMessage>"}
  -> {"ok": true, "result": ...} or {"ok": false, "error": {"type", "message", "status"}}

Contents travel as {"text": str} or {"bytes": base64 str}, so bytes and any Unicode text survive JSON.
"""

import base64
import json
import sys
import traceback
from xml.etree import ElementTree

from azure.multiapi.storage.v2018_11_09.queue import QueueService, QueueMessageFormat
from azure.multiapi.storage.v2018_11_09.queue import _constants as reference_constants
import azure.storage.queue as modern
from azure.storage.queue import (
    QueueClient,
    TextBase64EncodePolicy,
    TextBase64DecodePolicy,
    BinaryBase64EncodePolicy,
    BinaryBase64DecodePolicy,
)

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


OPERATIONS = {"info", "createQueue", "put", "get", "peek", "update", "delete", "parseMessageText"}


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

    def use(self, command):
        encode, decode = REFERENCE_FORMATS[command.get("format", "textXml")]
        self.service.encode_function = encode
        self.service.decode_function = decode

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


class ModernPeer:
    def __init__(self, account):
        self.connection_string = "DefaultEndpointsProtocol=http;AccountName={};AccountKey={};QueueEndpoint={};".format(
            account["accountName"], account["accountKey"], account["endpoint"])

    def client(self, command):
        policies = MODERN_FORMATS[command.get("format", "none")]()
        return QueueClient.from_connection_string(self.connection_string, command["queue"], **policies)

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


class XmlPeer:
    """Python's own XML parser (expat, a conforming XML 1.0 parser), to show what a request body means to one."""

    def parseMessageText(self, command):
        return ElementTree.fromstring(command["xml"].encode("utf-8")).findtext("MessageText")


def error_to_json(error):
    status = getattr(error, "status_code", None)
    if status is None:
        status = getattr(getattr(error, "response", None), "status_code", None)
    return {"type": type(error).__name__, "message": str(error).splitlines()[0] if str(error) else "",
            "status": status}


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
