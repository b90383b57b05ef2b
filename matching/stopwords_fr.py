"""French stop words, accent-free and lowercase (compare after ``text.strip_accents``).

Function words, auxiliaries and very common verbs; no domain word is listed here.
"""
from __future__ import annotations

_WORDS = """
a afin ai aie aient aies ait alors apres as au aucun aucune aupres aura aurai auraient aurais
aurait auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait
avant avec avez aviez avions avoir avons ayant ayez ayons c ca car ce ceci cela celle celles
celui cependant certain certaine certaines certains ces cet cette ceux chacun chacune chaque
chez ci comme comment d dans de des deja depuis dont du donc dois doit doivent elle elles en
encore entre es est et etaient etais etait etant ete etes etiez etions etre eu eue eues eurent
eus eusse eut eux fait faire fais faisons font fut furent fus j je jusqu jusque l la laquelle
le lequel les lesquelles lesquels leur leurs lors lorsque lui m ma mais me meme memes mes moi
mon n ne ni nos notre nous on ont or ou par parce parmi pas peu peut peuvent peux plus plupart
pour pourquoi pourra pourrait pouvons puis puisque qu quand que quel quelle quelles quels qui
quoi s sa sans se sera serai seraient serais serait seras serez seriez serions serons seront
ses si sien sienne soi soient sois soit sommes son sont sous suis sur t ta te tes toi ton tous
tout toute toutes tres tu un une unes uns vers veut veulent voici voila vont vos votre vous y
il ils avaient cet ceux-ci celle-ci qu'il qu'elle lorsqu puisqu quelqu ainsi tant tel telle
tels telles dont ici la-bas deux trois sans
"""

FRENCH_STOP_WORDS: frozenset[str] = frozenset(_WORDS.split())
