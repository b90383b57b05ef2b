"""French stop words for the c-TF-IDF labels of :mod:`matching.clustering`.

Written here rather than taken from a library: scikit-learn only ships an English
list and NLTK/spaCy are not dependencies. Words are stored without accents, in
lower case, because the tokenizer folds accents before looking them up ("été" and
"ete" are the same key). Besides grammatical words, the list drops the vocabulary
that every need in Entrepairs shares ("pole", "besoin", "ptce"...): it would
never be distinctive, and keeping it out makes the class frequencies cleaner.
"""

from __future__ import annotations

_GRAMMAR = """
a ai aie aient aies ait alors as au aucun aucune aupres auquel aura aurai auraient
aurais aurait auras aurez auriez aurions aurons auront aussi autre autres aux
auxquelles auxquels avaient avais avait avant avec avez aviez avions avoir avons
ayant ayez ayons
c ca car ce ceci cela celle celles celui cependant certain certaine certaines
certains ces cet cette ceux chacun chacune chaque chez ci comme comment contre
d dans de deja depuis des desquelles desquels dessous dessus deux devant doit
doivent donc dont du duquel durant
elle elles en encore entre es est et etaient etais etait etant ete etes etiez
etions etre eu eue eues eurent eus eusse eussent eusses eussiez eussions eut
eux
fait faire fais faisons faites faut fois font furent fus fut
grace
hors
ici il ils
j je jusqu jusque
l la laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui
m ma mais me meme memes mes moi moins mon
n ne ni non nos notre nous
on ont ou ou par parce parmi pas pendant peu peut peuvent plus plusieurs pour
pourquoi pourtant pouvons pres puis puisque
qu quand que quel quelle quelles quelques quels qui quoi
s sa sans se selon ses seront si sien sienne soi soient sois soit sommes son
sont sous soyez soyons suis sur
t ta tant te tes toi ton tous tout toute toutes tres trop tu
un une unes uns
va vers via voici voila vont vos votre vous vu
y
"""

_COMMON_VERBS_AND_ADVERBS = """
ainsi afin aller avons bien beaucoup cas cela comment dire donne donner
etc faudrait jamais mieux nouveau nouveaux nouvelle nouvelles parfois pouvoir
quelque savoir souvent toujours trouver veut voulons vouloir souhaitons souhaite
ans annee annees an mois jour jours premier premiere premiers dernier derniere
derniers trois quatre cinq six dix
veut veulent voudrait voudraient voudrions voulons voulu souhaitent souhaiterions
aimerions aimerait aimeraient peux pourrait pourraient pourrions pu devons devez
devrait devraient devrions devoir sait savent savons passe passent passer passons
prend prennent prendre prenons mettre met mettent mis tient tiennent tenir vient
viennent venir voit voient voyons voir arrive arrivent arrivons reste restent
sommes semble semblent rien personne chose choses ensemble autant vraiment
aujourd hui demain hier ailleurs assez tellement surtout seulement
"""

_DOMAIN = """
besoin besoins pole poles ptce cherchons aide aider
"""

FRENCH_STOP_WORDS: frozenset[str] = frozenset(
    (_GRAMMAR + _COMMON_VERBS_AND_ADVERBS + _DOMAIN).split()
)
