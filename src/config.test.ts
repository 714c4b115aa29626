import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has defaults for the embedded demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: './var', demo: true });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('turns the demo off by default on PostgreSQL, and on when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'non' }).demo).toBe(false);
  });

  it('runs the timed jobs unless told not to', () => {
    expect(loadConfig({}).jobs).toBe(true);
    expect(loadConfig({ JOBS: 'false' }).jobs).toBe(false);
    expect(() => loadConfig({ JOBS: 'parfois' })).toThrow(/JOBS .* true ou false/);
  });

  it('reads the sender of the mails', () => {
    expect(loadConfig({}).mailFrom).toBeUndefined();
    expect(loadConfig({ MAIL_FROM: 'Stages <stages@ac-rennes.fr>' }).mailFrom).toBe(
      'Stages <stages@ac-rennes.fr>',
    );
    expect(loadConfig({ MAIL_FROM: 'stages@ac-rennes.fr' }).mailFrom).toBe('stages@ac-rennes.fr');
  });

  it('reads the address of the Base Adresse Nationale geocoder, optional', () => {
    expect(loadConfig({}).geocoderUrl).toBeUndefined();
    expect(loadConfig({ GEOCODER_URL: 'https://api-adresse.data.gouv.fr/search/' }).geocoderUrl).toBe(
      'https://api-adresse.data.gouv.fr/search/',
    );
  });

  it('reads the map tiles and their credit, OpenStreetMap by default', () => {
    expect(loadConfig({}).map.tileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    const c = loadConfig({
      MAP_TILE_URL: 'https://{s}.tiles.example.fr/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© IGN',
    });
    expect(c.map).toEqual({ tileUrl: 'https://{s}.tiles.example.fr/{z}/{x}/{y}.png', attribution: '© IGN' });
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example.fr/carte.png' })).toThrow(
      /MAP_TILE_URL .* avec \{z\}, \{x\} et \{y\}/,
    );
  });

  it.each([
    ['PORT', 'abc', /PORT vaut « abc » ; attendu : un numéro de port/],
    ['PORT', '70000', /PORT .* entre 0 et 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL .* URL postgres/],
    ['PUBLIC_URL', 'pas une url', /PUBLIC_URL .* URL http/],
    ['SMTP_URL', 'http://x', /SMTP_URL .* URL smtp/],
    ['GEOCODER_URL', 'ftp://x', /GEOCODER_URL .* URL http/],
    ['MAIL_FROM', 'personne', /MAIL_FROM .* adresse d’expéditeur/],
    ['DEMO', 'peut-être', /DEMO .* true ou false/],
  ])('refuses %s=%s with one French line', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  describe('OpenID Connect providers', () => {
    const educonnect = {
      OIDC_EDUCONNECT_ISSUER: 'https://educonnect.example.fr',
      OIDC_EDUCONNECT_CLIENT_ID: 'stages',
      OIDC_EDUCONNECT_CLIENT_SECRET: 'secret-educonnect',
    };

    it('offers none by default', () => {
      expect(loadConfig({}).oidc).toEqual({});
    });

    it('reads a provider given its three variables', () => {
      expect(loadConfig(educonnect).oidc).toEqual({
        educonnect: {
          issuer: 'https://educonnect.example.fr',
          clientId: 'stages',
          clientSecret: 'secret-educonnect',
        },
      });
      const both = loadConfig({
        ...educonnect,
        OIDC_PROCONNECT_ISSUER: 'http://127.0.0.1:4000/oidc',
        OIDC_PROCONNECT_CLIENT_ID: 'stages-pc',
        OIDC_PROCONNECT_CLIENT_SECRET: 'secret-proconnect',
      });
      expect(Object.keys(both.oidc).sort()).toEqual(['educonnect', 'proconnect']);
      expect(both.oidc.proconnect?.issuer).toBe('http://127.0.0.1:4000/oidc');
    });

    it('refuses a provider with only some of its variables, naming the missing ones', () => {
      expect(() => loadConfig({ OIDC_PROCONNECT_ISSUER: 'https://proconnect.example.fr' })).toThrow(
        /OIDC_PROCONNECT_ISSUER, OIDC_PROCONNECT_CLIENT_ID, OIDC_PROCONNECT_CLIENT_SECRET vont ensemble.*il manque OIDC_PROCONNECT_CLIENT_ID, OIDC_PROCONNECT_CLIENT_SECRET/,
      );
      const { OIDC_EDUCONNECT_CLIENT_SECRET: _omitted, ...partial } = educonnect;
      expect(() => loadConfig(partial)).toThrow(ConfigError);
    });

    it('refuses an issuer in clear http outside this machine', () => {
      expect(() =>
        loadConfig({ ...educonnect, OIDC_EDUCONNECT_ISSUER: 'http://educonnect.example.fr' }),
      ).toThrow(/OIDC_EDUCONNECT_ISSUER .* https:\/\//);
    });
  });
  describe('sealing certificate', () => {
    it('uses the self-signed one of the database by default, the PKCS#12 file when both variables are set', () => {
      expect(loadConfig({}).seal).toBeUndefined();
      expect(
        loadConfig({ SEAL_P12_PATH: '/etc/stages/sceau.p12', SEAL_P12_PASSPHRASE: 'secret' }).seal,
      ).toEqual({ p12Path: '/etc/stages/sceau.p12', passphrase: 'secret' });
    });

    it('refuses one variable without the other, in French', () => {
      expect(() => loadConfig({ SEAL_P12_PATH: '/etc/stages/sceau.p12' })).toThrow(
        /SEAL_P12_PATH et SEAL_P12_PASSPHRASE vont ensemble.*il manque SEAL_P12_PASSPHRASE/,
      );
      expect(() => loadConfig({ SEAL_P12_PASSPHRASE: 'secret' })).toThrow(/il manque SEAL_P12_PATH/);
    });
  });
});
