"""French profile texts shared by tests: two needs and the two offers that answer them."""

FINANCE_NEED = ("Financer le poste de coordination",
                "Notre poste de coordination repose sur une seule subvention régionale qui baisse ; "
                "nous cherchons à diversifier le financement avec les cotisations des membres.")
FOOD_NEED = ("Approvisionner nos cantines en produits locaux",
             "Nous voulons livrer la restauration collective du territoire avec des producteurs locaux "
             "organisés en plateforme logistique partagée.")
FINANCE_OFFER = ("Financer durablement un poste de coordination mutualisé",
                 "J'ai construit le financement du poste de coordination à partir des cotisations des "
                 "membres, d'une convention avec la communauté de communes et de prestations.")
FOOD_OFFER = ("Approvisionner la restauration collective en circuits courts",
              "Nous avons organisé une plateforme de producteurs locaux pour livrer les cantines scolaires.")
