"""Synthetic county generator (faker zh_CN): `seeds.generate.generate` writes every roster."""
