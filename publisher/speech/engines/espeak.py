"""Offline speech with espeak-ng, through ctypes on the library and data espeakng-loader ships.

The library is process-global and not thread-safe: one instance is initialised on first use and
every call goes through a lock. Its wave generator keeps state from one call to the next (pitch
flutter and modulation counters), so the same sentence would sound slightly different depending
on what was spoken before. Where the platform can fork, each sentence is therefore synthesized in
a short-lived child process that starts from an untouched state: the audio of a sentence depends
only on its text, voice and settings, which keeps builds and cache entries reproducible.

Those children are not forked from the build itself: forking copies the page tables of the whole
process, so as the narration held in memory grew, every sentence cost more (a build's cost grew
with the square of its length). A helper process is forked once, when the library is first
used, and forks the child for each sentence from its own small, unchanging state. Requests and
replies go through pipes; a helper that dies is replaced on the next sentence.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import struct
import threading
from dataclasses import dataclass

from publisher.errors import EngineUnavailable, NoVoice, SynthesisError
from publisher.speech.engines.base import Mark, Speech, Voice, excerpt

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_PARAM_PITCH = 3
_EVENT_LIST_TERMINATED = 0
_EVENT_KINDS = {1: "word", 2: "sentence"}
_RATE_RANGE = (80, 450)
_PITCH_RANGE = (0, 100)


@dataclass(frozen=True, slots=True)
class EspeakSettings:
    """The ``[audio.espeak]`` section of ``publisher.toml``."""

    rate: int = 175
    """Speaking rate in words per minute (80-450)."""
    pitch: int = 50
    """Voice pitch (0-100)."""

    def __post_init__(self) -> None:
        """Refuse values espeak-ng does not take."""
        for label, value, (low, high) in (
            ("rate", self.rate, _RATE_RANGE),
            ("pitch", self.pitch, _PITCH_RANGE),
        ):
            if not low <= value <= high:
                raise ValueError(f"espeak {label} must be {low}-{high}, not {value}")


DEFAULT_VOICES = {"es": "es-419", "en": "en-us", "qu": "qu"}
"""Voice for a primary language when espeak-ng has no voice for the exact tag."""
EXACT_VOICES = {"es-es": "es"}
"""Tags whose voice is not the one DEFAULT_VOICES gives their primary language."""


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_void_p),
    )


class _VoiceEntry(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)
_HEADER = struct.Struct("<iI")
_MARK = struct.Struct("<iiii")
_LENGTH = struct.Struct("<I")
_REPLY = struct.Struct("<iI")
"""Helper reply: status (0 spoken, 1 the child failed, 2 the voice did not load) and length."""


def _close_all_but(*keep: int) -> None:
    """Close every file descriptor above stderr except ``keep``."""
    start = 3
    for fd in sorted(keep):
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)


def _read_exactly(fd: int, count: int) -> bytes | None:
    """``count`` bytes from ``fd``; None at end of file before them."""
    chunks: list[bytes] = []
    while count:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_to_end(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class _VoiceInfo:
    voice: Voice
    identifier: str
    languages: tuple[tuple[int, str], ...]


class _Library:
    """The initialised espeak-ng library; use through ``_library()`` and under ``_LOCK``."""

    def __init__(self) -> None:
        try:
            import espeakng_loader

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            raise EngineUnavailable(f"espeak engine not available: {exc}") from exc
        lib.espeak_Initialize.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Info.argtypes = (ctypes.c_void_p,)
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VoiceEntry))
        lib.espeak_ListVoices.argtypes = (ctypes.c_void_p,)
        lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        lib.espeak_Synth.argtypes = (
            *(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int),
            *(ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p),
        )
        self.sample_rate = int(
            lib.espeak_Initialize(
                _AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), _INITIALIZE_DONT_EXIT
            )
        )
        if self.sample_rate <= 0:
            raise EngineUnavailable(f"espeak engine not available: cannot load its data at {data}")
        self._lib = lib
        self.version = (lib.espeak_Info(None) or b"unknown").decode()
        self._pcm: list[bytes] = []
        self._marks: list[tuple[int, int, int, int]] = []
        self._callback = _CALLBACK(self._collect)
        lib.espeak_SetSynthCallback(self._callback)
        self.voices = self._list_voices()
        self._selected: tuple[str, int, int] | None = None
        self._helper: tuple[int, int, int] | None = None

    def _list_voices(self) -> dict[str, _VoiceInfo]:
        found: dict[str, _VoiceInfo] = {}
        entries = self._lib.espeak_ListVoices(None)
        index = 0
        while entries[index]:
            entry = entries[index].contents
            index += 1
            identifier = (entry.identifier or b"").decode()
            languages = _languages(entry.languages)
            if not identifier or not languages or identifier.startswith("mb/"):
                continue
            voice_id = identifier.rsplit("/", 1)[-1].lower()
            name = (entry.name or b"").decode() or voice_id
            found.setdefault(
                voice_id, _VoiceInfo(Voice(voice_id, languages[0][1], name), identifier, languages)
            )
        return dict(sorted(found.items()))

    def _collect(
        self, wav: ctypes.Array[ctypes.c_short], count: int, events: ctypes.Array[_Event]
    ) -> int:
        if wav and count > 0:
            self._pcm.append(ctypes.string_at(wav, count * 2))
        index = 0
        while events and events[index].type != _EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type in _EVENT_KINDS:
                self._marks.append((event.type, event.text_position, event.length, event.sample))
            index += 1
        return 0

    def select(self, identifier: str, rate: int, pitch: int) -> None:
        """Load a voice and settings unless they are the current ones."""
        if self._selected == (identifier, rate, pitch):
            return
        if self._lib.espeak_SetVoiceByName(identifier.encode()) != 0:
            raise EngineUnavailable(f"espeak cannot load its voice '{identifier}'")
        self._lib.espeak_SetParameter(_PARAM_RATE, rate, 0)
        self._lib.espeak_SetParameter(_PARAM_PITCH, pitch, 0)
        self._selected = (identifier, rate, pitch)

    def speak(self, identifier: str, rate: int, pitch: int, text: str) -> bytes:
        """Synthesize ``text`` with that voice and settings: a packed status, marks and PCM."""
        if not hasattr(os, "fork"):
            self.select(identifier, rate, pitch)
            return self._speak_here(text)
        if self._helper is None:
            self._helper = self._start_helper()
        _, requests, replies = self._helper
        request = "\0".join((identifier, str(rate), str(pitch), text)).encode("utf-8")
        try:
            _write_all(requests, _LENGTH.pack(len(request)) + request)
            header = _read_exactly(replies, _REPLY.size)
            status, length = _REPLY.unpack(header) if header else (1, 0)
            packed = _read_exactly(replies, length) if header else None
        except OSError:
            header = packed = None
        if header is None or packed is None:
            self.stop_helper()
            raise SynthesisError(f"espeak stopped while speaking: {excerpt(text)}")
        if status == 2:
            raise EngineUnavailable(packed.decode("utf-8", "replace"))
        if status != 0:
            raise SynthesisError(f"espeak stopped while speaking: {excerpt(text)}")
        return packed

    def _start_helper(self) -> tuple[int, int, int]:
        """Fork the helper; (its pid, the request pipe's write end, the reply pipe's read end)."""
        request_read, request_write = os.pipe()
        reply_read, reply_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: serve requests until the build closes the pipe
            status = 1
            try:
                # Nothing of the build's: an open file (the output folder's lock) would stay
                # held for as long as the helper lives.
                _close_all_but(request_read, reply_write)
                self._serve(request_read, reply_write)
                status = 0
            finally:
                os._exit(status)
        os.close(request_read)
        os.close(reply_write)
        return pid, request_write, reply_read

    def _serve(self, requests: int, replies: int) -> None:
        """The helper's loop: one forked child per sentence, its result passed back."""
        while (size := _read_exactly(requests, _LENGTH.size)) is not None:
            request = _read_exactly(requests, _LENGTH.unpack(size)[0])
            if request is None:
                return
            identifier, rate, pitch, text = request.decode("utf-8").split("\0", 3)
            try:
                self.select(identifier, int(rate), int(pitch))
            except EngineUnavailable as exc:
                message = str(exc).encode("utf-8")
                _write_all(replies, _REPLY.pack(2, len(message)) + message)
                continue
            status, packed = self._speak_in_child(text)
            _write_all(replies, _REPLY.pack(status, len(packed)) + packed)

    def _speak_in_child(self, text: str) -> tuple[int, bytes]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: synthesize, hand the result over, leave without cleanup
            status = 1
            try:
                os.close(read_end)
                _write_all(write_end, self._speak_here(text))
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        try:
            packed = _read_to_end(read_end)
        finally:
            os.close(read_end)
            _, wait_status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(wait_status) != 0:
            return 1, b""
        return 0, packed

    def helper_pid(self) -> int | None:
        """The helper's process id, None when none runs."""
        return self._helper[0] if self._helper is not None else None

    def stop_helper(self) -> None:
        """End the helper (it leaves when its request pipe closes); the next sentence starts one."""
        if self._helper is None:
            return
        pid, requests, replies = self._helper
        self._helper = None
        os.close(requests)
        os.close(replies)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def _speak_here(self, text: str) -> bytes:
        self._pcm.clear()
        self._marks.clear()
        data = text.encode("utf-8") + b"\0"
        status = self._lib.espeak_Synth(
            data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        marks = b"".join(_MARK.pack(*mark) for mark in self._marks)
        return _HEADER.pack(status, len(self._marks)) + marks + b"".join(self._pcm)


def _languages(pointer: int | None) -> tuple[tuple[int, str], ...]:
    """Decode espeak's language list: (priority byte, NUL-terminated tag) pairs, then a 0."""
    found: list[tuple[int, str]] = []
    if not pointer:
        return ()
    while (priority := ctypes.string_at(pointer, 1)[0]) != 0:
        tag = ctypes.string_at(pointer + 1)
        found.append((priority, tag.decode().lower()))
        pointer += len(tag) + 2
    return tuple(found)


def _unpack(packed: bytes, text: str, sample_rate: int) -> Speech:
    status, count = _HEADER.unpack_from(packed)
    if status != 0:
        raise SynthesisError(f"espeak failed (error {status}) while speaking: {excerpt(text)}")
    marks: list[Mark] = []
    offset = _HEADER.size
    for _ in range(count):
        kind, position, length, sample = _MARK.unpack_from(packed, offset)
        offset += _MARK.size
        marks.append(Mark(_EVENT_KINDS[kind], max(position - 1, 0), length, sample))  # type: ignore[arg-type]
    return Speech(packed[offset:], sample_rate, tuple(marks))


def _speaking(known: dict[str, _VoiceInfo], tag: str) -> str | None:
    """The voice that lists ``tag`` among its languages with the best priority."""
    ranked = [
        (priority, voice_id)
        for voice_id, info in known.items()
        for priority, spoken in info.languages
        if spoken == tag
    ]
    return min(ranked)[1] if ranked else None


_LOCK = threading.Lock()
_STATE: dict[str, _Library] = {}


def _library() -> _Library:
    """The process's espeak-ng library, initialised on first use (call with ``_LOCK`` held)."""
    if "lib" not in _STATE:
        _STATE["lib"] = _Library()
        atexit.register(stop_helper)
    return _STATE["lib"]


def _forget_parents_helper() -> None:
    """In a forked process (a build's worker): leave the parent's helper to the parent.

    The worker starts a helper of its own on its first sentence; sharing the parent's pipes
    would mix two processes' requests.
    """
    global _LOCK  # noqa: PLW0603 - a lock another thread held at the fork stays held
    _LOCK = threading.Lock()
    library = _STATE.get("lib")
    if library is not None and library._helper is not None:
        _, requests, replies = library._helper
        library._helper = None
        os.close(requests)
        os.close(replies)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parents_helper)


def helper_pid() -> int | None:
    """The process id of the helper that forks a child per sentence, None when none runs."""
    with _LOCK:
        return _STATE["lib"].helper_pid() if "lib" in _STATE else None


def stop_helper() -> None:
    """End the helper process if one runs (at exit, or to start afresh)."""
    with _LOCK:
        if "lib" in _STATE:
            _STATE["lib"].stop_helper()


class EspeakEngine:
    """espeak-ng: offline, fast, many languages (es-419, en-us, qu, ...)."""

    name = "espeak"
    online = False

    def __init__(self, settings: EspeakSettings | None = None) -> None:
        """Speak with ``settings`` (None: :class:`EspeakSettings`' defaults)."""
        settings = settings or EspeakSettings()
        self.rate = settings.rate
        self.pitch = settings.pitch

    def unavailable_reason(self) -> str | None:
        """None when the library loads, else why it does not."""
        try:
            with _LOCK:
                _library()
        except EngineUnavailable as exc:
            return str(exc)
        return None

    def voices(self) -> list[Voice]:
        """Every espeak-ng voice in the bundled data."""
        with _LOCK:
            return [info.voice for info in _library().voices.values()]

    def voice_for(self, lang: str) -> str:
        """The exact tag's voice, else the preferred one for its primary language."""
        with _LOCK:
            known = _library().voices
        tag = lang.lower()
        primary = tag.split("-")[0]
        regional = (EXACT_VOICES.get(tag), tag, _speaking(known, tag)) if tag != primary else ()
        for candidate in (
            *regional,
            DEFAULT_VOICES.get(primary),
            primary,
            _speaking(known, primary),
        ):
            if candidate in known:
                return str(candidate)
        raise NoVoice(f"espeak has no voice for language '{lang}'")

    def fingerprint(self) -> str:
        """Library version and settings."""
        with _LOCK:
            version = _library().version
        return f"espeak-ng {version} rate={self.rate} pitch={self.pitch}"

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        """Speak one sentence; PCM at the library's rate (22050 Hz) with word marks."""
        voice_id = voice or self.voice_for(lang)
        with _LOCK:
            lib = _library()
            info = lib.voices.get(voice_id.lower())
            if info is None:
                raise EngineUnavailable(
                    f"espeak has no voice '{voice_id}'; known voices: {', '.join(lib.voices)}"
                )
            packed = lib.speak(info.identifier, self.rate, self.pitch, text.replace("\0", " "))
            return _unpack(packed, text, lib.sample_rate)
