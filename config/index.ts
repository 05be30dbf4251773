/**
 * Taro build configuration for the shopper mini-program (weapp) and its local H5 twin.
 *
 * This is the one place the front-end build reads environment variables:
 *   CRM_CLOUD_ENV     WeChat cloud environment id baked into the bundle
 *   CRM_TEMPLATE_IDS  subscribe-message template ids by purpose, the same JSON the functions
 *                     read (README → Deploy); the member purposes are baked in as
 *                     process.env.TARO_APP_TEMPLATE_IDS
 *   CRM_EMULATOR_URL  where `npm run dev:h5` proxies /fn (default http://127.0.0.1:3000)
 * A weapp production build is a release: without CRM_CLOUD_ENV and CRM_TEMPLATE_IDS it
 * stops with a message naming what is missing (config/releaseEnv.ts). Local builds are
 * handed the emulator's values with CRM_LOCAL_BUILD=1 (`npm run build:weapp:local`, used
 * by npm start and npm test); the H5 build and the weapp watch build fall back to them.
 *
 * Design width is 375 (NutUI React Taro's native size), so every px in our styles is a
 * px of a 375-wide phone: Taro turns it into rpx on weapp and rem on H5.
 */
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import LOCAL_TEMPLATE_IDS from './local-template-ids.json';
import { LOCAL_CLOUD_ENV, miniProgramBuildEnv } from './releaseEnv';

const emulatorUrl = process.env.CRM_EMULATOR_URL || 'http://127.0.0.1:3000';
const platform = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp';
/** config/ files the pages import too (Taro compiles only src/ unless told) */
const compile = { include: [path.resolve(__dirname, 'sentPurposes.ts')] };

export default defineConfig<'webpack5'>(async (merge) => {
  const { cloudEnv, memberTemplateIds } = miniProgramBuildEnv(process.env, {
    release:
      platform === 'weapp' &&
      process.env.NODE_ENV !== 'development' &&
      process.env.CRM_LOCAL_BUILD !== '1',
    local: { cloudEnv: LOCAL_CLOUD_ENV, templateIds: LOCAL_TEMPLATE_IDS },
  });
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'store-member-crm',
    date: '2026-11-22',
    designWidth: 375,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {
      CLOUD_ENV: JSON.stringify(cloudEnv),
    },
    env: {
      TARO_APP_TEMPLATE_IDS: JSON.stringify(memberTemplateIds),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    // The H5 build (local only: the emulator's browser twin and its tests) is minified by
    // esbuild: terser, one worker on 2 cores, made a cold H5 build 120 s, now 44 s (the JS
    // 11% larger). The weapp keeps terser, which packs its main package about 9% smaller
    // (747 KB against 820 KB): a shopper downloads that. es2015 because babel has already
    // lowered our code and esbuild cannot lower node_modules' const/let to es5
    ...(platform === 'h5'
      ? {
          jsMinimizer: 'esbuild' as const,
          esbuild: { minify: { enable: true, config: { target: 'es2015' } } },
        }
      : {}),
    mini: {
      compile,
      // our styles are class-scoped, so the order of page stylesheets in shared chunks does not matter
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
    h5: {
      compile,
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
      devServer: {
        proxy: [{ context: ['/fn'], target: emulatorUrl, changeOrigin: true }],
      },
    },
  };

  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
