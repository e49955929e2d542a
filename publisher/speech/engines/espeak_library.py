"""The espeak-ng library through ctypes, on the library and data espeakng-loader ships.

One :class:`Library` per process: espeak-ng is process-global and not thread-safe, so its user
calls it from one thread at a time. Imports nothing but the standard library and
espeakng-loader: the helper process that speaks (:mod:`.espeak_helper`) loads it too.
"""

from __future__ import annotations

import ctypes
import struct
from dataclasses import dataclass

from publisher.errors import EngineUnavailable
from publisher.speech.engines.base import Voice

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_PARAM_PITCH = 3
_EVENT_LIST_TERMINATED = 0
EVENT_KINDS = {1: "word", 2: "sentence"}
"""espeak's event types that are marks, by the name :class:`~.base.Mark` gives them."""
HEADER = struct.Struct("<iI")
"""Start of what :meth:`Library.speak` returns: espeak's status and the number of marks."""
MARK = struct.Struct("<iiii")
"""One mark: event type, text position (1-based), length, sample."""


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


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    """A voice of the bundled data: as the engine offers it, espeak's identifier, languages."""

    voice: Voice
    identifier: str
    languages: tuple[tuple[int, str], ...]
    """(priority, tag) pairs; a lower priority speaks the language better."""


class Library:
    """The initialised espeak-ng library (one per process, one caller at a time)."""

    def __init__(self) -> None:
        """Load and initialise the library; EngineUnavailable if it or its data cannot load."""
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

    def _list_voices(self) -> dict[str, VoiceInfo]:
        found: dict[str, VoiceInfo] = {}
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
                voice_id, VoiceInfo(Voice(voice_id, languages[0][1], name), identifier, languages)
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
            if event.type in EVENT_KINDS:
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

    def speak(self, text: str) -> bytes:
        """``text`` in the selected voice: :data:`HEADER`, its marks (:data:`MARK`), the PCM."""
        self._pcm.clear()
        self._marks.clear()
        data = text.encode("utf-8") + b"\0"
        status = self._lib.espeak_Synth(
            data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        marks = b"".join(MARK.pack(*mark) for mark in self._marks)
        return HEADER.pack(status, len(self._marks)) + marks + b"".join(self._pcm)


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
