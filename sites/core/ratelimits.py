"""Rate limits of the public forms (依申请公开 and every form after it).

Two counters per client address, as django-ratelimit keeps them in the cache:

- accepted submissions, e.g. five an hour: what actually reaches the office. A
  rejected form does not count, so a citizen who mistypes an identity number, or an
  office behind one NAT address, is not locked out by their own corrections;
- every POST, at a higher rate: the guard against floods and scripted guessing.

A form whose POST only looks something up (a status query) has no "accepted" count:
every attempt is a guess and is counted as one.
"""

from dataclasses import dataclass

from django_ratelimit.core import get_usage

KEY = "ip"


@dataclass(frozen=True)
class PublicFormLimit:
    group: str
    attempts_rate: str
    accepted_rate: str | None = None

    def _usage(self, request, kind: str, rate: str, *, increment: bool):
        return get_usage(
            request,
            group=f"{self.group}.{kind}",
            key=KEY,
            rate=rate,
            method="POST",
            increment=increment,
        )

    def refusal(self, request) -> str | None:
        """Count this POST; the message to show if it must be refused, else None."""
        attempts = self._usage(request, "attempts", self.attempts_rate, increment=True)
        if attempts and attempts["should_limit"]:
            return "提交过于频繁，请稍后再试。您填写的内容已保留。"
        if self.accepted_rate:
            accepted = self._usage(request, "accepted", self.accepted_rate, increment=False)
            if accepted and accepted["count"] >= accepted["limit"]:
                return (
                    f"同一网络地址每小时最多成功提交{accepted['limit']}次，请一小时后再试。"
                    "您填写的内容已保留。"
                )
        return None

    def accepted(self, request) -> None:
        """Record a submission that was accepted."""
        if self.accepted_rate:
            self._usage(request, "accepted", self.accepted_rate, increment=True)
