"""The server's configuration: defaults, then a config file, then `COPISTE_SERVER_*` variables.

A deployment usually keeps its API keys and limits in a file (TOML, YAML or JSON, named by
`copiste serve --config` or `COPISTE_SERVER_CONFIG`) and overrides one or two values from the
environment; options given on the command line win over both.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    JsonConfigSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
    YamlConfigSettingsSource,
)

from generator.models import copiste_home
from generator.names import DEFAULT_LANG, LANGS
from validators.errors import ConfigError

ENV_PREFIX = "COPISTE_SERVER_"
CONFIG_ENV = f"{ENV_PREFIX}CONFIG"

_config_file: ContextVar[Path | None] = ContextVar("copiste_server_config_file", default=None)


class ServerSettings(BaseSettings):
    """Everything `copiste serve` can be told; each field is also `COPISTE_SERVER_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    host: str = Field("127.0.0.1", description="Interface to listen on.")
    port: int = Field(8000, ge=0, le=65535, description="Port; 0 picks a free one.")
    data_dir: Path = Field(
        default_factory=lambda: copiste_home() / "server",
        description="Holds jobs.sqlite, reviews.sqlite and one run folder per job.",
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Bearer keys; when set, every endpoint but /healthz needs one. In the "
        "environment: comma-separated.",
    )
    public_docs: bool = Field(
        False,
        description="Serve /docs and /openapi.json without a key when keys are set (they hold "
        "no data); by default a browser opens them once with /docs?key=KEY.",
    )
    max_body_bytes: int = Field(10 << 20, gt=0, description="Largest request body accepted.")
    max_records: int = Field(1000, gt=0, description="Most records in one batch validation.")
    max_generate_examples: int = Field(
        16, gt=0, description="Most examples (seeds x n) one POST /v1/generate may ask for."
    )
    max_job_examples: int = Field(
        100_000, gt=0, description="Most examples one job may ask for (413 beyond)."
    )
    max_jobs_per_key: int = Field(
        2, gt=0, description="Jobs one key may have queued or running at once."
    )
    job_workers: int = Field(1, gt=0, description="Jobs the server runs at the same time.")
    generate_concurrency: int = Field(
        2, gt=0, description="POST /v1/generate requests served at once (429 beyond)."
    )
    generate_timeout_s: float = Field(
        120.0, gt=0, description="Per teacher request, for POST /v1/generate."
    )
    default_teacher: str = Field("smollm2", description="Teacher used when a request names none.")
    teachers: list[str] = Field(
        default_factory=list,
        description="Teacher specs clients may name besides default_teacher (exact specs; a "
        "fleet of replicas is one spec, its URLs joined by commas).",
    )
    allow_any_teacher: bool = Field(
        False,
        description="Let clients name any teacher: any URL (the server fetches it) and any "
        "transformers:/vllm: model path on this machine. Only for a trusted network.",
    )
    lang: Literal[LANGS] = Field(  # type: ignore[valid-type]
        DEFAULT_LANG,
        description="Language of verdicts (findings' messages), error messages and generated "
        "examples when a request names none; the CLI's default too.",
    )
    seeds_dir: Path | None = Field(
        None, description="Folder whose seed files jobs may name with `seeds_file`."
    )
    student: str | None = Field(
        None,
        description="The student POST /v1/catalogue serves: a bundle from `copiste export`, a "
        "trained folder, or smollm2. None: the endpoint answers 503.",
    )
    student_agency: str = Field("copiste", description="Cataloguing agency of its records (801$b).")
    student_country: str = Field("FR", description="The agency's country (801$a).")
    max_catalogue_descriptions: int = Field(
        8, gt=0, description="Most descriptions one POST /v1/catalogue may send (413 beyond)."
    )
    sse_ping_s: float = Field(15.0, gt=0, description="Keep-alive interval of event streams.")
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        "info", description="Server log level; debug also logs every request."
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [key.strip() for key in value.split(",") if key.strip()]
        return value

    @field_validator("api_keys")
    @classmethod
    def _no_blank_key(cls, value: list[SecretStr]) -> list[SecretStr]:
        if any(not key.get_secret_value().strip() for key in value):
            raise ValueError("an API key is empty")
        return value

    @property
    def db_path(self) -> Path:
        return self.data_dir / "jobs.sqlite"

    @property
    def reviews_path(self) -> Path:
        """The review queue and its verdicts (`server.review.store`)."""
        return self.data_dir / "reviews.sqlite"

    @property
    def jobs_dir(self) -> Path:
        return self.data_dir / "jobs"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = _config_file.get()
        if path is None:
            return init_settings, env_settings
        return init_settings, env_settings, _file_source(settings_cls, path)


def _file_source(settings_cls: type[BaseSettings], path: Path) -> PydanticBaseSettingsSource:
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return TomlConfigSettingsSource(settings_cls, toml_file=path)
    if suffix in {".yaml", ".yml"}:
        return YamlConfigSettingsSource(settings_cls, yaml_file=path)
    if suffix == ".json":
        return JsonConfigSettingsSource(settings_cls, json_file=path)
    raise ConfigError(f"{path}: unknown config format {suffix!r}; use .toml, .yaml or .json")


def load_settings(config_file: Path | None = None, **overrides: object) -> ServerSettings:
    """Settings from `config_file` (or `$COPISTE_SERVER_CONFIG`), the environment and overrides.

    Raises `ConfigError` with a one-line reason when the result cannot be used.
    """
    from pydantic import ValidationError

    from generator.pydantic_errors import one_line

    if config_file is None and os.environ.get(CONFIG_ENV):
        config_file = Path(os.environ[CONFIG_ENV])
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"{config_file}: no such config file")
    token = _config_file.set(config_file)
    try:
        return ServerSettings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise ConfigError(f"invalid server configuration: {one_line(exc)}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{config_file}: cannot be read ({exc})") from None
    finally:
        _config_file.reset(token)
