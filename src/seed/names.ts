/**
 * Common French given names and surnames for generated people. Lists, not real people: the
 * combinations are drawn at random. Breton surnames are weighted up to reflect Bretagne.
 * Order matters (draws are by index): append, do not reorder, or seeded data changes.
 */

function list(text: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(names)];
}

/** Given names of girls born around 2008–2012. */
export const GIRL_NAMES = list(`
  Emma, Léa, Chloé, Manon, Inès, Jade, Louise, Camille, Lina, Zoé, Lola, Sarah, Clara, Léna, Juliette,
  Lucie, Ambre, Anna, Romane, Eva, Maëlys, Rose, Alice, Mathilde, Margaux, Louna, Noémie, Nina,
  Océane, Lou, Julia, Maëlle, Elsa, Charlotte, Agathe, Justine, Élise, Anaïs, Laura, Pauline, Marie,
  Léonie, Lilou, Capucine, Apolline, Salomé, Clémence, Lisa, Mila, Alix, Victoire, Candice, Héloïse,
  Éléna, Jeanne, Gabrielle, Adèle, Constance, Axelle, Flavie, Mélina, Yasmine, Assia, Lilia, Maya,
  Léane, Naïs, Emy, Célia, Mia, Thaïs, Valentine, Lana, Chiara, Kenza, Aya, Nour, Maïssa, Albane,
  Margot, Faustine, Perrine, Solène, Coline, Estelle, Andréa, Lise, Morgane, Nolwenn, Maïwenn,
  Enora, Rozenn, Katell, Anaëlle, Klervi, Aziliz, Gwenn, Azilis, Mona, Elouane, Soazig, Gaëlle, Lénaïg,
  Armelle, Awen, Maëla, Tiphaine, Ilona, Jeanne, Ninon, Romy, Iris, Emmy, Louane, Lucile, Zélie
`);

/** Given names of boys born around 2008–2012. */
export const BOY_NAMES = list(`
  Lucas, Nathan, Enzo, Louis, Hugo, Gabriel, Jules, Raphaël, Arthur, Ethan, Mathis, Tom, Théo, Noah,
  Maël, Timéo, Nolan, Paul, Adam, Sacha, Léo, Clément, Antoine, Maxime, Alexandre, Thomas, Mathéo,
  Baptiste, Evan, Axel, Kylian, Valentin, Corentin, Titouan, Tristan, Erwan, Yanis, Rayan, Samuel,
  Victor, Martin, Noé, Aaron, Romain, Quentin, Lenny, Malo, Gabin, Killian, Mathys, Loïc, Ewen,
  Elouan, Gaël, Yann, Gwendal, Tanguy, Brieuc, Ronan, Youenn, Aurélien, Dylan, Esteban, Mohamed,
  Ilyes, Amine, Adrien, Simon, Léon, Louka, Robin, Benjamin, Alexis, Bastien, Julien, Lilian,
  Matteo, Nino, Sohan, Marius, Oscar, Pierre, Jean, Côme, Augustin, Eliott, Timothée, Florian,
  Kilian, Mathias, Noam, Ilan, Rafaël, Tiago, Kenzo, Sami, Ismaël, Youssef, Anas, Kévin, Justin,
  Anatole, Célestin, Jossélin, Goulven, Tugdual, Gurvan, Melaine, Armel, Alan, Yannick, Riwal,
  Mael, Nils, Loan, Owen, Jérémy, Kerian, Gaétan, Morgan, Joris, Hippolyte, Nathanaël
`);

/** Given names of women born around 1970–1990 (guardians). */
export const WOMAN_NAMES = list(`
  Nathalie, Isabelle, Sandrine, Stéphanie, Céline, Sophie, Virginie, Aurélie, Émilie, Julie,
  Caroline, Karine, Valérie, Anne, Marie, Laurence, Christelle, Delphine, Élodie, Audrey, Laetitia,
  Vanessa, Mélanie, Séverine, Cécile, Hélène, Claire, Gaëlle, Nolwenn, Soizic, Morgane, Anne-Sophie,
  Magali, Patricia, Sylvie, Carole, Fanny, Amandine, Jessica, Sarah, Anaïs, Katell, Gwénaëlle,
  Rozenn, Maud, Béatrice, Florence, Corinne, Alexandra, Agnès, Estelle, Laure, Marion, Camille,
  Pauline, Élise, Charlotte, Fatima, Samia, Nadia, Leïla, Armelle, Maryvonne, Yveline, Gwenola,
  Annaïg, Solenn, Sabrina, Myriam, Émeline, Ingrid, Lydie, Noémie, Marine, Chrystèle, Bénédicte,
  Adeline, Angélique, Sonia, Hélène, Murielle, Katia, Aline, Tiphaine, Laurène
`);

/** Given names of men born around 1965–1990 (guardians). */
export const MAN_NAMES = list(`
  Stéphane, Christophe, Sébastien, Nicolas, Frédéric, David, Laurent, Olivier, Julien, Jérôme,
  Cédric, Mickaël, Anthony, Thierry, Pascal, Philippe, Éric, Franck, Yann, Erwan, Gwénaël, Ronan,
  Loïc, Tanguy, Goulven, Fabrice, Vincent, Guillaume, Arnaud, Benoît, Mathieu, Jean-Marc, Pierre,
  François, Grégory, Damien, Ludovic, Alexandre, Romain, Thomas, Bruno, Patrice, Hervé, Gilles,
  Denis, Jean-Yves, Gaël, Emmanuel, Xavier, Rachid, Karim, Mohamed, Samir, Yannick, Alain, Didier,
  Jean-Luc, Fabien, Sylvain, Cyril, Johann, Kévin, Maxime, Jean-Philippe, Gwendal, Yves, Jacques,
  Patrick, Dominique, Marc, Régis, Erwann, Brendan, Morgan, Mikaël, Sylvère, Antoine, Florent,
  Jean-Charles, Joël, Serge, Gurvan, Tugdual, Riwal, Youenn, Killian, Lionel, Jonathan, Aurélien
`);

/** Surnames frequent in Bretagne (weighted up). */
export const BRETON_SURNAMES = list(`
  Le Gall, Le Goff, Le Roux, Le Bihan, Le Corre, Le Floch, Le Guen, Le Moal, Le Borgne, Le Bras,
  Guillou, Tanguy, Morvan, Hamon, Le Berre, Le Meur, Le Page, Quéré, Cloarec, Le Cam, Le Du,
  Jaouen, Riou, Le Hir, Le Bris, Le Guellec, Le Lay, Le Men, Le Saux, Le Scouarnec, Le Bourhis,
  Le Goffic, Le Quéré, Le Gac, Le Dantec, Le Fur, Le Calvez, Le Coz, Le Joncour, Kerbrat, Kervella,
  Kerhervé, Kerdraon, Kermarrec, Caradec, Prigent, Toullec, Salaün, Abgrall, Pennec, Cadiou,
  Bothorel, Even, Jézéquel, Lagadec, Derrien, Briand, Madec, Tréguer, Lozac'h, Le Ny, Marrec,
  Guéguen, Le Pape, Le Guillou, Gicquel, Rault, Lebreton, Le Bouëdec, Le Bot, Le Texier, Le Hénaff,
  Le Dréau, Le Mao, Le Nours, Le Priol, Le Rouzic, Le Tallec, Le Troadec, Guivarc'h, Cornec, Quiniou,
  Moysan, Stéphan, Kerjean, Le Strat, Bellec, Raoul, Le Gouic, Nédélec, Le Guern, Le Garrec,
  Le Hénanff, Kerleroux, Pérennès, Coadou, Le Bihannic, Le Duff, Le Gléau, Le Mével, Le Noan,
  Le Rest, Le Goas, Le Verge, Tromeur, Uguen, Floch, Corre, Guillerm, Le Cléac'h, Le Dû, Ropars,
  Conan, Bescond, Coatanéa, Kerouédan, Le Squer, Thépaut, Jégou, Le Breton, Héry, Le Guével, Mahé,
  Le Gal, Carré, Le Marrec, Le Bescond, Le Foll, Rivoal, Lostanlen, Menguy, Le Bourdonnec
`);

/** Surnames frequent all over France. */
export const FRENCH_SURNAMES = list(`
  Martin, Bernard, Thomas, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent, Simon, Michel,
  Lefebvre, Leroy, Roux, David, Bertrand, Morel, Fournier, Girard, Bonnet, Dupont, Lambert, Fontaine,
  Rousseau, Vincent, Muller, Lefèvre, Faure, André, Mercier, Blanc, Guérin, Boyer, Garnier, Chevalier,
  François, Legrand, Gauthier, Garcia, Perrin, Robin, Clément, Morin, Nicolas, Henry, Roussel,
  Mathieu, Masson, Marchand, Duval, Denis, Dumont, Marie, Lemaire, Noël, Meyer, Dufour, Meunier,
  Brun, Blanchard, Giraud, Joly, Rivière, Lucas, Brunet, Gaillard, Barbier, Arnaud, Martinez, Gérard,
  Roche, Renard, Schmitt, Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine,
  Renaud, Dumas, Lacroix, Olivier, Philippe, Bourgeois, Pierre, Benoît, Rey, Leclerc, Rolland,
  Guillaume, Lecomte, Lopez, Jean, Dupuy, Guillot, Hubert, Berger, Carpentier, Sanchez, Dupuis,
  Moulin, Louis, Deschamps, Huet, Vasseur, Perez, Boucher, Fleury, Royer, Klein, Jacquet, Adam,
  Poirier, Marty, Aubry, Guyot, Charles, Renault, Charpentier, Ménard, Maillard, Baron, Bertin,
  Bailly, Hervé, Schneider, Fernandez, Collet, Léger, Bouvier, Julien, Prévost, Millet, Perrot,
  Daniel, Cousin, Germain, Besson, Langlois, Rémy, Pelletier, Lévêque, Perrier, Leblanc, Barré,
  Lebrun, Marchal, Weber, Mallet, Boulanger, Jacob, Monnier, Michaud, Rodriguez, Guichard, Gillet,
  Étienne, Poulain, Tessier, Chevallier, Collin, Chauvin, Da Silva, Bouchet, Gay, Lemaître, Maréchal,
  Humbert, Reynaud, Antoine, Perret, Barthélemy, Cordier, Pichon, Lejeune, Gilbert, Lamy, Delaunay,
  Pasquier, Carlier, Laporte, Gautier, Hoarau, Benali, Haddad, Diallo, Nguyen, Traoré, Mendes,
  Ferreira, Dos Santos, Pereira, Kaya, Yilmaz, Diop, Cissé, Mansouri, Bouzid, Tran, Sow, Camara,
  Lebon, Bodin, Texier, Lelièvre, Hardy, Ledoux, Godard, Bouchard, Courtois, Bonneau,
  Pineau, Tessier, Rocher, Chauveau, Gaudin, Pasquet, Besnard, Blin, Jamet, Oger, Pichard, Herbert
`);

/** Names of people that schools, streets and collèges are often named after. */
export const SCHOOL_PATRONS = list(`
  Jules Ferry, Jean Moulin, Victor Hugo, Anne de Bretagne, Jacques Prévert, Paul Langevin,
  Marie Curie, Louis Pasteur, Jean Jaurès, Simone Veil, Anatole Le Braz, Per Jakez Hélias,
  Théodore Botrel, Jean Macé, Albert Camus, Jules Verne, Saint-Exupéry, Paul Éluard, Louise Michel,
  Germaine Tillion, Charles de Gaulle, Pierre Loti, Auguste Brizeux, Yves Coppens, Colette,
  Jean de La Fontaine, Anne Frank, Françoise Dolto, Olympe de Gouges, Georges Brassens
`);
